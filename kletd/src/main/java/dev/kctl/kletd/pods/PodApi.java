package dev.kctl.kletd.pods;

import dev.kctl.api.ResourceType;
import dev.kctl.kletd.proxy.ServiceAddress;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** What the pod workers tell the API server and read from it; a seam so that tests need no server. */
interface PodApi {
  /** Merge-patches the pod's status subresource with {@code status}. */
  void patchStatus(PodView pod, ObjectNode status);

  void event(PodView pod, EventType type, String reason, String message);

  /** Finishes a graceful deletion once the pod's containers have stopped. */
  void delete(PodView pod);

  /**
   * A ConfigMap or Secret the pod refers to; empty when it does not exist. Other failures (the
   * server cannot be reached) throw, and the caller retries.
   */
  Optional<ObjectNode> get(ResourceType type, String namespace, String name);

  /**
   * The Services a container's service variables come from: those of {@code namespace} and of
   * {@code default}; none where kletd runs no service proxy.
   */
  default List<ObjectNode> services(String namespace) {
    return List.of();
  }

  /**
   * What each Service name stands for, for the pods' hosts files; empty where kletd serves no
   * Service names (no service proxy, as on simulated nodes), and then pods get no hosts file.
   */
  default Optional<List<ServiceAddress>> serviceNames() {
    return Optional.empty();
  }

  enum EventType { Normal, Warning }
}
