package dev.kctl.kletd.pods;

import tools.jackson.databind.node.ObjectNode;

/** What the pod workers tell the API server; a seam so that tests need no server. */
interface PodApi {
  /** Merge-patches the pod's status subresource with {@code status}. */
  void patchStatus(PodView pod, ObjectNode status);

  void event(PodView pod, EventType type, String reason, String message);

  /** Finishes a graceful deletion once the pod's containers have stopped. */
  void delete(PodView pod);

  enum EventType { Normal, Warning }
}
