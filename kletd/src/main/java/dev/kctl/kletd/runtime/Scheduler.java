package dev.kctl.kletd.runtime;

import java.time.Duration;

/**
 * Runs a task once after a delay. kletd's timers (back-off before a restart, the grace period
 * before SIGKILL, heartbeats) go through this interface so that tests can drive them with a fake
 * clock instead of sleeping.
 */
public interface Scheduler {

  /** A scheduled task; cancelling one that already ran, or twice, does nothing. */
  interface Cancellable {
    void cancel();
  }

  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduler over a {@link java.util.concurrent.ScheduledExecutorService}. */
  static Scheduler of(java.util.concurrent.ScheduledExecutorService executor) {
    return (delay, task) -> {
      var future = executor.schedule(task, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
