package dev.kctl.apiserver;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.Timestamps;
import dev.kctl.client.DeleteOptions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' graceful deletion rules: when a DELETE removes an object at once, and when it only
 * marks it with {@code deletionTimestamp} for someone (a node, a finalizer's owner) to finish.
 * A namespace whose {@code spec.finalizers} are not empty turns {@code Terminating} and stays
 * until the namespace controller has emptied it and removed its finalizer.
 */
final class Deletion {
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";

  private Deletion() {}

  /**
   * What a DELETE turns {@code current} into: null when it is to be removed now, otherwise the
   * object marked for deletion (unchanged when it already was and nothing new was asked).
   */
  static ObjectNode mark(ResourceType type, ObjectNode current, DeleteOptions delete, Instant now) {
    ObjectNode next = current.deepCopy();
    ObjectNode meta = ObjectMeta.mutable(next);
    Set<String> finalizers = finalizers(next);
    boolean terminating = meta.has("deletionTimestamp");
    switch (delete.propagationPolicy()) {
      case "Foreground" -> finalizers.add(FOREGROUND);
      case "Orphan" -> finalizers.add(ORPHAN);
      default -> { }
    }
    long grace = 0;
    boolean onNode = type.kind().equals("Pod") && !next.path("spec").path("nodeName").asString("").isEmpty()
        && !isFinished(next);
    if (onNode) {
      grace = delete.gracePeriodSeconds() >= 0
          ? delete.gracePeriodSeconds()
          : next.path("spec").path("terminationGracePeriodSeconds").asLong(30);
      if (terminating) {
        // a running deletion may only be shortened, as in Kubernetes
        grace = Math.min(grace, meta.path("deletionGracePeriodSeconds").asLong(grace));
      }
    }
    boolean namespace = type.kind().equals("Namespace");
    if (grace == 0 && finalizers.isEmpty() && !(namespace && hasSpecFinalizers(next))) {
      return null;
    }
    if (!terminating) {
      meta.put("deletionTimestamp", Timestamps.time(now.plusSeconds(grace)));
    }
    if (namespace) {
      next.withObjectProperty("status").put("phase", "Terminating");
    }
    meta.put("deletionGracePeriodSeconds", grace);
    ArrayNode list = meta.putArray("finalizers");
    finalizers.forEach(list::add);
    if (finalizers.isEmpty()) {
      meta.remove("finalizers");
    }
    return next;
  }

  /**
   * A marked object with no finalizers left and no grace period running is removed; a namespace
   * also waits for its {@code spec.finalizers}, which only the {@code finalize} subresource empties.
   */
  static boolean isComplete(ObjectNode object) {
    JsonNode meta = object.path("metadata");
    return meta.has("deletionTimestamp")
        && meta.path("deletionGracePeriodSeconds").asLong(0) == 0
        && meta.path("finalizers").isEmpty()
        && !(object.path("kind").asString("").equals("Namespace") && hasSpecFinalizers(object));
  }

  private static boolean hasSpecFinalizers(JsonNode namespace) {
    return !namespace.path("spec").path("finalizers").isEmpty();
  }

  /** A pod whose containers have all ended has nothing left to stop. */
  private static boolean isFinished(JsonNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  private static Set<String> finalizers(JsonNode object) {
    Set<String> out = new LinkedHashSet<>();
    object.path("metadata").path("finalizers").forEach(f -> out.add(f.asString("")));
    return out;
  }
}
