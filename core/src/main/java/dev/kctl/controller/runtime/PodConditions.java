package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What controllers read from a pod's status: active, ready, available, scheduled. */
public final class PodConditions {
  private PodConditions() {}

  /** Counts towards replicas: not terminating and not finished. */
  public static boolean isActive(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return ObjectMeta.of(pod).deletionTimestamp().isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  public static boolean isReady(ObjectNode pod) {
    return readyCondition(pod).path("status").asString("").equals("True");
  }

  /** Ready for at least {@code minReady}, as of {@code now}. */
  public static boolean isAvailable(ObjectNode pod, Duration minReady, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReady.isZero()) {
      return true;
    }
    Instant since = Timestamps.parse(readyCondition(pod).path("lastTransitionTime").asString(""));
    return since != null && !since.plus(minReady).isAfter(now);
  }

  public static boolean isScheduled(ObjectNode pod) {
    return !pod.path("spec").path("nodeName").asString("").isEmpty();
  }

  private static JsonNode readyCondition(ObjectNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c;
      }
    }
    return pod.path("status").path("missing");
  }
}
