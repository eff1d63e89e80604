package dev.kctl.store;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Asks a watch for progress notices, which is what Kubernetes watch BOOKMARK events need: every
 * {@code interval}, the watch calls {@code listener} with a revision R such that it has handed on
 * every event of its prefix up to and including R. When the watch is idle (caught up, nothing
 * written under its prefix), R is the store's current revision, so a client that resumes after R
 * neither misses nor repeats an event, and does not fall behind the compaction window just
 * because its prefix is quiet.
 *
 * <p>The listener runs on the watch's own thread, between events, so a notice is always ordered
 * correctly with the events around it: every event delivered before it has a revision ≤ R, every
 * event after it one &gt; R. Consecutive notices carry the same R when nothing was written in
 * between; they are heartbeats then. The first notice comes one interval after the watch starts.
 *
 * @param interval time between notices; at least 1 ms
 * @param listener receives R; an exception it throws is logged and the watch goes on
 */
public record WatchProgress(Duration interval, LongConsumer listener) {
  public WatchProgress {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(listener, "listener");
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("WatchProgress.interval must be at least 1 ms, got " + interval);
    }
  }
}
