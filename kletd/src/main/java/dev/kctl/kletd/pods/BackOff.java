package dev.kctl.kletd.pods;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's restart back-off for one container: the first restart waits 10 s, each next one
 * twice as long, at most 5 min; a container that ran 10 min or more before it ended starts the
 * sequence again. Not thread-safe: a pod's worker owns it.
 *
 * <p>Example: exits after 1 s, 1 s, 1 s, 20 min, 1 s wait 10 s, 20 s, 40 s, 10 s, 20 s.
 */
final class BackOff {
  static final Duration INITIAL = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofMinutes(5);
  static final Duration RESET_AFTER = Duration.ofMinutes(10);

  private Duration last = Duration.ZERO;

  /** The delay before the next attempt of something that ran from {@code startedAt} to {@code endedAt}. */
  Duration next(Instant startedAt, Instant endedAt) {
    if (last.isZero() || Duration.between(startedAt, endedAt).compareTo(RESET_AFTER) >= 0) {
      last = INITIAL;
    } else {
      Duration doubled = last.multipliedBy(2);
      last = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    }
    return last;
  }

  /** Forgets past failures, e.g. once an image could be resolved. */
  void reset() {
    last = Duration.ZERO;
  }
}
