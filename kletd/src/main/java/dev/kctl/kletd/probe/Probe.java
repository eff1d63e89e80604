package dev.kctl.kletd.probe;

import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A liveness, readiness or startup probe of a container, with Kubernetes' defaults: period 10 s,
 * timeout 1 s, success threshold 1, failure threshold 3, no initial delay.
 *
 * @param terminationGracePeriodSeconds the probe's own grace period for the kill after a failed
 *     liveness or startup probe; negative when the pod's applies
 */
public record Probe(Action action, int initialDelaySeconds, int periodSeconds, int timeoutSeconds,
    int successThreshold, int failureThreshold, long terminationGracePeriodSeconds) {

  /** The probe object of a container ({@code livenessProbe} etc.); empty when absent or handler-less. */
  public static Optional<Probe> parse(JsonNode probe) {
    if (!probe.isObject()) {
      return Optional.empty();
    }
    return Action.parse(probe).map(action -> new Probe(action,
        Math.max(0, probe.path("initialDelaySeconds").asInt(0)),
        positive(probe.path("periodSeconds").asInt(10), 10),
        positive(probe.path("timeoutSeconds").asInt(1), 1),
        positive(probe.path("successThreshold").asInt(1), 1),
        positive(probe.path("failureThreshold").asInt(3), 3),
        probe.path("terminationGracePeriodSeconds").asLong(-1)));
  }

  public Duration period() {
    return Duration.ofSeconds(periodSeconds);
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  private static int positive(int value, int otherwise) {
    return value > 0 ? value : otherwise;
  }
}
