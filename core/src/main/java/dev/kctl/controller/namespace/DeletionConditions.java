package dev.kctl.controller.namespace;

import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status conditions kube's namespace controller reports while it empties a namespace, with
 * its types, reasons and messages. Every type is always present; a condition that says the same
 * as before keeps its {@code lastTransitionTime}.
 */
final class DeletionConditions {
  static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
  static final String CONTENT_REMAINING = "NamespaceContentRemaining";
  static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

  private DeletionConditions() {}

  private record Condition(String type, String status, String reason, String message) {}

  /** {@code status} with its conditions set from {@code sweep}; other fields are kept. */
  static ObjectNode apply(JsonNode status, ContentSweep.Result sweep, Instant now) {
    ObjectNode next = status.isObject() ? (ObjectNode) status.deepCopy() : Json.object();
    List<Condition> wanted = new ArrayList<>();
    // kctl's kinds are compiled in: discovering them and parsing their group versions cannot fail
    wanted.add(new Condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
        "All resources successfully discovered"));
    wanted.add(new Condition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
        "All legacy kube types successfully parsed"));
    wanted.add(sweep.failures().isEmpty()
        ? new Condition(CONTENT_FAILURE, "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization")
        : new Condition(CONTENT_FAILURE, "True", "ContentDeletionFailed", "Failed to delete all resource types, %d remaining: %s"
            .formatted(sweep.failures().size(), String.join(", ", sweep.failures()))));
    wanted.add(sweep.remaining().isEmpty()
        ? new Condition(CONTENT_REMAINING, "False", "ContentRemoved", "All content successfully removed")
        : new Condition(CONTENT_REMAINING, "True", "SomeResourcesRemain", "Some resources are remaining: "
            + ContentSweep.describe(sweep.remaining(), "%s has %d resource instances")));
    wanted.add(sweep.finalizers().isEmpty()
        ? new Condition(FINALIZERS_REMAINING, "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished")
        : new Condition(FINALIZERS_REMAINING, "True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: "
            + ContentSweep.describe(sweep.finalizers(), "%s in %d resource instances")));
    ArrayNode conditions = Json.array();
    for (Condition c : wanted) {
      conditions.add(merge(status.path("conditions"), c, now));
    }
    next.set("conditions", conditions);
    return next;
  }

  private static ObjectNode merge(JsonNode existing, Condition c, Instant now) {
    for (JsonNode old : existing) {
      if (old.path("type").asString("").equals(c.type()) && old.path("status").asString("").equals(c.status())
          && old.path("reason").asString("").equals(c.reason()) && old.path("message").asString("").equals(c.message())) {
        return (ObjectNode) old.deepCopy();
      }
    }
    return Json.object().put("type", c.type()).put("status", c.status())
        .put("lastTransitionTime", Timestamps.time(now)).put("reason", c.reason()).put("message", c.message());
  }
}
