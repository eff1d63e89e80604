package dev.kctl.kletd.runtime;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A running (or finished) container process. Its pid is also its process group id, so signals to
 * {@code -pid} reach everything it started, unless a descendant moved to a group of its own.
 *
 * @param pid the process id; 0 for a simulated process
 * @param startedAt when the process started, as the kernel records it
 * @param exit completes once when the process has ended
 * @param adopted whether it was started by an earlier kletd (its exit code will be unknown)
 */
public record ContainerProcess(long pid, Instant startedAt, CompletableFuture<Exit> exit, boolean adopted) {

  public boolean isRunning() {
    return !exit.isDone();
  }
}
