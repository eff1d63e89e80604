package dev.kctl.controller.deployment;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Deployment's {@code status}, computed from its ReplicaSets: the replica counts and the
 * {@code Available} and {@code Progressing} conditions with Kubernetes' reasons and messages.
 */
final class DeploymentStatus {
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
    boolean complete = newRs != null && updated == desired && replicas == desired && available == desired;
    if (createdNewRs) {
      set(conditions, "Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"%s\"".formatted(rsName), now);
    } else if (complete) {
      set(conditions, "Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet \"%s\" has successfully progressed.".formatted(rsName), now);
    } else if (newRs != null && (find(conditions, "Progressing") == null || progressed(old, status))) {
      set(conditions, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"%s\" is progressing.".formatted(rsName), now);
    }
    return status;
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
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status);
    c.put("lastUpdateTime", Timestamps.time(now));
    c.put("lastTransitionTime", transition);
    c.put("reason", reason);
    c.put("message", message);
    if (existing == null) {
      conditions.add(c);
    } else {
      for (int i = 0; i < conditions.size(); i++) {
        if (conditions.get(i) == existing) {
          conditions.set(i, c);
        }
      }
    }
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
