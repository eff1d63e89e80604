package dev.kctl.kletd.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts and stops container processes. Each container has a state folder (for
 * {@code <data-dir>/pods/<ns>_<pod>_<uid>/<container>}) where the runtime records the process, so
 * that the next kletd can adopt it; what else lives there (log files) belongs to the caller.
 */
public interface ContainerRuntime {

  /**
   * Starts the process and records it in {@code stateDir}.
   *
   * @param restartCount stored with the process, returned by {@link #recall}
   * @throws IOException when the process cannot be started (the message says why)
   */
  ContainerProcess start(Path stateDir, LaunchSpec spec, int restartCount) throws IOException;

  /** The last process recorded in {@code stateDir}, adopted when it still runs; empty if none. */
  Optional<Recorded> recall(Path stateDir);

  /**
   * Stops the process's group: SIGTERM, then SIGKILL after {@code grace} if it still runs.
   *
   * @return the process's exit, which completes once the process has ended
   */
  CompletableFuture<Exit> stop(ContainerProcess process, Duration grace);

  /**
   * Why this runtime cannot show a {@link LaunchSpec#mounts()} folder at its target path (the
   * caller then tells the process where the folder is instead); empty when it can.
   */
  default Optional<String> mountsUnsupported() {
    return Optional.empty();
  }

  /** Why this runtime cannot enforce {@link LaunchSpec#limits()}; empty when it can. */
  default Optional<String> limitsUnsupported() {
    return Optional.empty();
  }

  /**
   * The folders of the cgroup the runtime made for the container whose state folder is
   * {@code stateDir}, where its usage can be read; empty when it made none (no limits, no cgroups).
   */
  default List<Path> cgroups(Path stateDir) {
    return List.of();
  }

  /** The program that runs a command inside a container's mount namespace, when containers get one. */
  default Optional<Path> nsenter() {
    return Optional.empty();
  }
}
