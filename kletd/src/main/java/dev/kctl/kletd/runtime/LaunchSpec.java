package dev.kctl.kletd.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one container's process.
 *
 * @param command the program and its arguments; the program is looked up on {@code env}'s PATH
 *     unless it contains a '/'
 * @param env the whole environment of the process (nothing is inherited from kletd)
 * @param workingDir the process's working directory
 * @param logFile where stdout and stderr are appended
 * @param mounts folders the process sees at other paths (in a mount namespace of its own), in order
 * @param limits what the process may use (enforced with a cgroup where the node can make one)
 */
public record LaunchSpec(List<String> command, Map<String, String> env, Path workingDir, Path logFile,
    List<BindMount> mounts, ResourceLimits limits) {
  public LaunchSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a launch spec needs a command, got none");
    }
  }

  /** A process without mounts or limits. */
  public LaunchSpec(List<String> command, Map<String, String> env, Path workingDir, Path logFile) {
    this(command, env, workingDir, logFile, List.of(), ResourceLimits.NONE);
  }
}
