package dev.kctl.kletd;

import dev.kctl.kletd.runtime.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and a scheduler that move only when a test calls {@link #advance}; tasks run on the test's thread. */
public final class FakeTime implements InstantSource, Scheduler {
  private record Task(Instant due, long order, Runnable task, boolean[] cancelled) {}

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Task> tasks = new ArrayList<>();
  private long order;

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now.plus(delay), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock, running every task that falls due on the way, at its time and in order. */
  public void advance(Duration by) {
    Instant end;
    synchronized (this) {
      end = now.plus(by);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.due().isAfter(end))
            .min(Comparator.comparing(Task::due).thenComparing(Task::order)).orElse(null);
        if (next == null) {
          now = end;
          return;
        }
        tasks.remove(next);
        if (next.due().isAfter(now)) {
          now = next.due();
        }
      }
      if (!next.cancelled()[0]) {
        next.task().run();
      }
    }
  }

  /** The number of tasks scheduled and not yet run or cancelled. */
  public synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled()[0]).count();
  }
}
