package dev.kctl.kletd.exec;

import dev.kctl.kletd.probe.Target;
import java.util.Optional;

/** Finds the running container of a pod on this node that a command is to be run in. */
@FunctionalInterface
public interface ExecSource {
  /**
   * @param container the container's name; empty for the pod's only container
   * @return empty when the pod is not on this node, has no such container, or it does not run
   */
  Optional<Target> find(String namespace, String pod, String container);
}
