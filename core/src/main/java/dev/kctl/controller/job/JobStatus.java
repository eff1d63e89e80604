package dev.kctl.controller.job;

import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.PodConditions;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Job's {@code status} as this sync leaves it: counts, and when it finishes, the Complete or
 * Failed condition (with kube's reasons and messages) and, on success, completionTime.
 */
record JobStatus(Instant startTime, int active, int ready, int succeeded, int failed,
    String failedReason, String failedMessage, Instant finishedAt) {

  static JobStatus running(Instant startTime, List<ObjectNode> active, int succeeded, int failed) {
    int ready = (int) active.stream().filter(PodConditions::isReady).count();
    return new JobStatus(startTime, active.size(), ready, succeeded, failed, "", "", null);
  }

  JobStatus failed(String reason, String message, Instant now) {
    return new JobStatus(startTime, 0, 0, succeeded, failed, reason, message, now);
  }

  JobStatus complete(Instant now) {
    return new JobStatus(startTime, 0, 0, succeeded, failed, "", "", now);
  }

  boolean finished() {
    return finishedAt != null;
  }

  ObjectNode toJson(ObjectNode job) {
    JsonNode old = job.path("status");
    ObjectNode status = old.isObject() ? (ObjectNode) old.deepCopy() : Json.object();
    status.put("startTime", Timestamps.time(startTime));
    status.put("active", active);
    status.put("ready", ready);
    status.put("succeeded", succeeded);
    status.put("failed", failed);
    if (finished()) {
      ArrayNode conditions = status.putArray("conditions");
      String time = Timestamps.time(finishedAt);
      if (failedReason.isEmpty()) {
        status.put("completionTime", time);
        conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", time));
        conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", time));
      } else {
        conditions.add(condition("FailureTarget", failedReason, failedMessage, time));
        conditions.add(condition("Failed", failedReason, failedMessage, time));
      }
    }
    return status;
  }

  private static ObjectNode condition(String type, String reason, String message, String time) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", "True");
    c.put("lastProbeTime", time);
    c.put("lastTransitionTime", time);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }
}
