package dev.kctl.controller.deployment;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Deployment's {@code status}, computed from its ReplicaSets: the replica counts and the
 * {@code Available} and {@code Progressing} conditions with Kubernetes' reasons and messages
 * (kube's pkg/controller/deployment/progress.go): created, progressing (each sign of progress
 * renews {@code lastUpdateTime}), complete, timed out once {@code progressDeadlineSeconds} pass
 * without progress, paused and resumed.
 */
final class DeploymentStatus {
  static final String PROGRESSING = "Progressing";
  static final String TIMED_OUT = "ProgressDeadlineExceeded";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";

  private DeploymentStatus() {}

  /**
   * @param newRs the ReplicaSet of the current template, null when there is none
   * @param all every ReplicaSet of the Deployment, including {@code newRs}
   * @param createdNewRs whether this sync created {@code newRs}
   */
  static ObjectNode compute(ObjectNode deployment, ObjectNode newRs, List<ObjectNode> all, boolean createdNewRs, Instant now) {
    int desired = ReplicaSets.specReplicas(deployment);
    int replicas = sum(all, "replicas");
    int updated = newRs == null ? 0 : ReplicaSets.status(newRs, "replicas");
    int ready = sum(all, "readyReplicas");
    int available = sum(all, "availableReplicas");
    int specTotal = all.stream().mapToInt(ReplicaSets::specReplicas).sum();
    JsonNode old = deployment.path("status");

    ObjectNode status = old.isObject() ? (ObjectNode) old.deepCopy() : Json.object();
    status.put("observedGeneration", ObjectMeta.of(deployment).generation());
    status.put("replicas", replicas);
    status.put("updatedReplicas", updated);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    status.put("unavailableReplicas", Math.max(0, specTotal - available));
    ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
        ? (ArrayNode) status.get("conditions") : status.putArray("conditions");

    RolloutLimits limits = RolloutLimits.of(deployment);
    if (available >= desired - limits.maxUnavailable()) {
      set(conditions, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now);
    } else {
      set(conditions, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);
    }

    String rsName = newRs == null ? "" : ObjectMeta.of(newRs).name();
    ObjectNode progressing = find(conditions, PROGRESSING);
    String reason = progressing == null ? "" : progressing.path("reason").asString("");
    if (deployment.path("spec").path("paused").asBoolean(false)) {
      if (!reason.equals(TIMED_OUT)) {
        set(conditions, PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused", now);
      }
      return status;
    }
    if (reason.equals("DeploymentPaused")) {
      set(conditions, PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed", now);
    }
    if (!ObjectMeta.of(deployment).deletionTimestamp().isEmpty()) {
      return status;
    }
    boolean complete = newRs != null && updated == desired && replicas == desired && available == desired;
    if (complete) {
      set(conditions, PROGRESSING, "True", NEW_RS_AVAILABLE, "ReplicaSet \"%s\" has successfully progressed.".formatted(rsName), now);
    } else if (createdNewRs) {
      set(conditions, PROGRESSING, "True", "NewReplicaSetCreated", "Created new replica set \"%s\"".formatted(rsName), now);
    } else if (newRs != null && (progressing == null || progressed(old, status))) {
      // progress renews lastUpdateTime even when the reason stays: the deadline counts from it
      String transition = progressing != null && progressing.path("status").asString("").equals("True")
          ? progressing.path("lastTransitionTime").asString(Timestamps.time(now)) : Timestamps.time(now);
      replace(conditions, condition(PROGRESSING, "True", "ReplicaSetUpdated",
          "ReplicaSet \"%s\" is progressing.".formatted(rsName), now, transition));
    } else if (timedOut(deployment, progressing, now)) {
      set(conditions, PROGRESSING, "False", TIMED_OUT, "ReplicaSet \"%s\" has timed out progressing.".formatted(rsName), now);
    }
    return status;
  }

  /**
   * How long until an unfinished rollout with this status would pass its
   * {@code progressDeadlineSeconds}; empty when there is nothing to wait for.
   */
  static Optional<Duration> untilDeadline(ObjectNode deployment, JsonNode status, Instant now) {
    if (!deployment.path("spec").path("progressDeadlineSeconds").isIntegralNumber()
        || deployment.path("spec").path("paused").asBoolean(false)) {
      return Optional.empty();
    }
    ObjectNode progressing = status.path("conditions") instanceof ArrayNode list ? find(list, PROGRESSING) : null;
    if (progressing == null || !progressing.path("status").asString("").equals("True")
        || progressing.path("reason").asString("").equals(NEW_RS_AVAILABLE)) {
      return Optional.empty();
    }
    Instant from = Timestamps.parse(progressing.path("lastUpdateTime").asString(""));
    if (from == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, from.plusSeconds(deployment.path("spec").path("progressDeadlineSeconds").asLong()));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** As kube's DeploymentTimedOut: no progress since the condition's lastUpdateTime plus the deadline. */
  private static boolean timedOut(ObjectNode deployment, ObjectNode progressing, Instant now) {
    if (progressing == null || !deployment.path("spec").path("progressDeadlineSeconds").isIntegralNumber()) {
      return false;
    }
    String reason = progressing.path("reason").asString("");
    if (reason.equals(TIMED_OUT)) {
      return true;
    }
    if (reason.equals(NEW_RS_AVAILABLE)) {
      return false;
    }
    Instant from = Timestamps.parse(progressing.path("lastUpdateTime").asString(""));
    long deadline = deployment.path("spec").path("progressDeadlineSeconds").asLong();
    return from != null && from.plusSeconds(deadline).isBefore(now);
  }

  /** As kube's DeploymentProgressing: more pods updated, ready or available, or fewer old ones. */
  private static boolean progressed(JsonNode old, ObjectNode current) {
    int oldOld = old.path("replicas").asInt(0) - old.path("updatedReplicas").asInt(0);
    int newOld = current.path("replicas").asInt(0) - current.path("updatedReplicas").asInt(0);
    return current.path("updatedReplicas").asInt(0) > old.path("updatedReplicas").asInt(0)
        || current.path("readyReplicas").asInt(0) > old.path("readyReplicas").asInt(0)
        || current.path("availableReplicas").asInt(0) > old.path("availableReplicas").asInt(0)
        || newOld < oldOld;
  }

  private static int sum(List<ObjectNode> replicaSets, String field) {
    return replicaSets.stream().mapToInt(rs -> ReplicaSets.status(rs, field)).sum();
  }

  /**
   * Sets a condition as kube's SetDeploymentCondition does: unchanged when status and reason are
   * the same; the transition time kept when only the reason or message changes.
   */
  private static void set(ArrayNode conditions, String type, String status, String reason, String message, Instant now) {
    ObjectNode existing = find(conditions, type);
    if (existing != null && existing.path("status").asString("").equals(status)
        && existing.path("reason").asString("").equals(reason)) {
      return;
    }
    String transition = existing != null && existing.path("status").asString("").equals(status)
        ? existing.path("lastTransitionTime").asString(Timestamps.time(now)) : Timestamps.time(now);
    replace(conditions, condition(type, status, reason, message, now, transition));
  }

  private static ObjectNode condition(String type, String status, String reason, String message, Instant now, String transition) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status);
    c.put("lastUpdateTime", Timestamps.time(now));
    c.put("lastTransitionTime", transition);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  private static void replace(ArrayNode conditions, ObjectNode condition) {
    String type = condition.path("type").asString("");
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).path("type").asString("").equals(type)) {
        conditions.set(i, condition);
        return;
      }
    }
    conditions.add(condition);
  }

  private static ObjectNode find(ArrayNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (c instanceof ObjectNode o && o.path("type").asString("").equals(type)) {
        return o;
      }
    }
    return null;
  }
}
