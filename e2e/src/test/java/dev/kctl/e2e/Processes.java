package dev.kctl.e2e;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops the processes a test started as an operator would: SIGTERM first, so that their shutdown
 * hooks run (the sample app removes its temporary folder there, the agent its pipes), then, after
 * a grace period, SIGKILL for whatever is left.
 */
final class Processes {
  static final Duration GRACE = Duration.ofSeconds(10);

  private Processes() {}

  /** Returns once every one of {@code processes} has ended. */
  static void stop(Collection<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    CompletableFuture<?> ended = CompletableFuture.allOf(
        processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    try {
      ended.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      processes.forEach(ProcessHandle::destroyForcibly);
      ended.join();
    } catch (InterruptedException e) {
      processes.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
