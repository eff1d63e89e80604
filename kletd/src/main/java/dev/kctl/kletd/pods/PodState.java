package dev.kctl.kletd.pods;

import java.nio.file.Path;
import java.util.List;

/**
 * What the parts of one pod's worker share about the pod. Written by the pod's tasks only, one at a
 * time; {@link #pod} and {@link #slots} are also read by the node's endpoints (logs, exec, stats).
 */
final class PodState {
  final Path podDir;
  volatile PodView pod;
  volatile List<ContainerSlot> slots = List.of();
  /** The pod is gone from the API (or from this node): stop everything and forget it. */
  boolean deleted;
  /** Whether the init containers are done; once true, stays true for the pod's life. */
  boolean initialized;
  /** The pod is stopped and its folder removed; no task acts any more. */
  boolean finished;

  PodState(PodView pod, Path podDir) {
    this.pod = pod;
    this.podDir = podDir;
  }

  /** Whether the pod is going away: deleted, or its graceful deletion began. */
  boolean ending() {
    return deleted || pod.terminating();
  }

  /** The pod as the kubelet names it in messages: {@code name_namespace(uid)}. */
  String podRef() {
    PodView p = pod;
    return p.meta().name() + "_" + p.meta().namespace() + "(" + p.meta().uid() + ")";
  }
}
