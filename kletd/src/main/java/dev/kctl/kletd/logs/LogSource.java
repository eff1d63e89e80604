package dev.kctl.kletd.logs;

import java.util.Optional;

/** Finds the logs of a container of a pod that runs on this node. */
@FunctionalInterface
public interface LogSource {
  /**
   * @param container the container's name; empty for the pod's only container
   * @return empty when the pod is not on this node or has no such container
   */
  Optional<ContainerLog> find(String namespace, String pod, String container);
}
