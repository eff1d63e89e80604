package dev.kctl.controller.job;

import dev.kctl.api.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How long a Job waits before it replaces failed pods, as kube's job controller: 10 s after the
 * first failure since the last success, doubling with each further one, at most 6 minutes,
 * counted from when the latest failed pod finished. A success resets the count.
 */
final class FailureBackoff {
  static final Duration INITIAL = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofMinutes(6);

  private FailureBackoff() {}

  /** The delay after {@code failures} consecutive failures (none: zero). */
  static Duration delay(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    Duration delay = INITIAL;
    for (int i = 1; i < failures && delay.compareTo(MAX) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }

  /** How much longer to wait before creating pods, given the Job's pods (zero: go ahead). */
  static Duration remaining(List<ObjectNode> pods, Instant now) {
    Instant lastSuccess = pods.stream().filter(p -> phase(p).equals("Succeeded"))
        .map(p -> finishedAt(p, now)).max(Instant::compareTo).orElse(Instant.MIN);
    List<Instant> failures = pods.stream().filter(p -> phase(p).equals("Failed"))
        .map(p -> finishedAt(p, now)).filter(at -> at.isAfter(lastSuccess)).toList();
    Optional<Instant> lastFailure = failures.stream().max(Instant::compareTo);
    if (lastFailure.isEmpty()) {
      return Duration.ZERO;
    }
    Duration left = delay(failures.size()).minus(Duration.between(lastFailure.get(), now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static String phase(ObjectNode pod) {
    return pod.path("status").path("phase").asString("");
  }

  /** The latest finishedAt of its containers; without one, its last condition change; else now. */
  private static Instant finishedAt(ObjectNode pod, Instant now) {
    Instant latest = null;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      Instant at = Timestamps.parse(c.path("state").path("terminated").path("finishedAt").asString(""));
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    if (latest == null) {
      for (JsonNode c : pod.path("status").path("conditions")) {
        Instant at = Timestamps.parse(c.path("lastTransitionTime").asString(""));
        if (at != null && (latest == null || at.isAfter(latest))) {
          latest = at;
        }
      }
    }
    return latest == null ? now : latest;
  }
}
