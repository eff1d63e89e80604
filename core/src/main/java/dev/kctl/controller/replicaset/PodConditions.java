package dev.kctl.controller.replicaset;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the replica set controller reads from a pod's status. */
final class PodConditions {
  private PodConditions() {}

  /** Counts towards replicas: not terminating and not finished. */
  static boolean isActive(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return ObjectMeta.of(pod).deletionTimestamp().isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  static boolean isReady(ObjectNode pod) {
    return readyCondition(pod).path("status").asString("").equals("True");
  }

  /** Ready for at least {@code minReady}, as of {@code now}. */
  static boolean isAvailable(ObjectNode pod, Duration minReady, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReady.isZero()) {
      return true;
    }
    Instant since = Timestamps.parse(readyCondition(pod).path("lastTransitionTime").asString(""));
    return since != null && !since.plus(minReady).isAfter(now);
  }

  static boolean isScheduled(ObjectNode pod) {
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
