package dev.kctl.kletd.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The command line that runs {@code command} in this container, as exec probes, hooks and
   * {@code kubectl exec} do: inside its mount namespace through nsenter, changing to the working
   * directory once there (nsenter's own --wd would open the folder outside the namespace); else
   * with the program found on the container's PATH (the JDK would search kletd's PATH instead).
   * Run it through {@link #configure}.
   */
  public List<String> commandLine(List<String> command) {
    List<String> argv = new ArrayList<>();
    if (nsenter.isPresent() && pid > 0) {
      argv.addAll(List.of(nsenter.get().toString(), "--target", Long.toString(pid), "--mount",
          "--", "/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDir.toString()));
      argv.addAll(command);
    } else {
      argv.add(program(command.getFirst(), Path.of("/")).map(Path::toString).orElse(command.getFirst()));
      argv.addAll(command.subList(1, command.size()));
    }
    return argv;
  }

  /** Gives {@code builder} the container's environment and, outside a mount namespace, its working directory. */
  public ProcessBuilder configure(ProcessBuilder builder) {
    if (nsenter.isEmpty()) {
      builder.directory(workingDir.toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * The program {@code name} as the container's PATH finds it (relative to its working directory
   * when the name has a slash), looked up in the file tree at {@code root}: {@code /}, or
   * {@code /proc/<pid>/root} to see the files as the container's process does. Empty when no
   * regular executable file is found on the PATH.
   */
  public Optional<Path> program(String name, Path root) {
    if (name.contains("/")) {
      return Optional.of(under(root, workingDir.resolve(name)));
    }
    for (String dir : env.getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = under(root, Path.of(dir, name));
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Path under(Path root, Path path) {
    Path absolute = path.toAbsolutePath();
    return root.resolve(absolute.getRoot().relativize(absolute).toString());
  }
}
