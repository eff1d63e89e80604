package dev.kctl.controller.daemonset;

import dev.kctl.api.ObjectMeta;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which nodes a DaemonSet runs on, and which node a pod of it is meant for. */
final class Nodes {
  private Nodes() {}

  /** Ready and schedulable. */
  static boolean eligibility(ObjectNode node) {
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      return false;
    }
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  static boolean matchesSelector(ObjectNode node, ObjectNode ds) {
    Map<String, String> labels = ObjectMeta.of(node).labels();
    for (Map.Entry<String, JsonNode> e : ds.path("spec").path("template").path("spec").path("nodeSelector").properties()) {
      if (!e.getValue().asString("").equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The node a pod runs on, or, before it is bound, the node its affinity names. */
  static String targetNode(ObjectNode pod) {
    String bound = pod.path("spec").path("nodeName").asString("");
    if (!bound.isEmpty()) {
      return bound;
    }
    JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
        .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
    for (JsonNode term : terms) {
      for (JsonNode field : term.path("matchFields")) {
        if (field.path("key").asString("").equals("metadata.name") && field.path("operator").asString("").equals("In")
            && field.path("values").size() == 1) {
          return field.path("values").get(0).asString("");
        }
      }
    }
    return "";
  }
}
