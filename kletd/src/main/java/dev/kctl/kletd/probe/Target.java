package dev.kctl.kletd.probe;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The container an {@link Action} acts on.
 *
 * @param host the pod's IP, where httpGet and tcpSocket go unless they name a host
 * @param ports the container's ports: name (when it has one) and containerPort number, each to the
 *     host port the process listens on (pods share the host network)
 * @param env the container's environment, for exec
 * @param workingDir the container's working directory, for exec
 * @param pid the container's process, whose mount namespace exec enters; 0 for none
 * @param nsenter the nsenter program when the container runs in a mount namespace of its own
 *     (exec then sees the volumes at their mountPath); empty otherwise
 */
public record Target(String host, Map<String, Integer> ports, Map<String, String> env, Path workingDir, long pid,
    Optional<Path> nsenter) {
  public Target {
    ports = Map.copyOf(ports);
    env = Map.copyOf(env);
  }

  /** The host port for a probe's {@code port}: a number or a port name; empty when unknown. */
  public Optional<Integer> port(String spec) {
    Integer mapped = ports.get(spec);
    if (mapped != null) {
      return Optional.of(mapped);
    }
    try {
      int number = Integer.parseInt(spec);
      return number > 0 && number <= 65535 ? Optional.of(number) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
