package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The pod's {@code spec.nodeSelector} (every label on the node, with that value) and its required
 * node affinity ({@code nodeSelectorTerms}: any one term whose matchExpressions on labels and
 * matchFields on {@code metadata.name} all hold), as kube's NodeAffinity plugin.
 */
final class NodeSelector implements FilterPlugin {
  static final String MISMATCH = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    Map<String, String> labels = ObjectMeta.of(node.node()).labels();
    boolean fits = labels.entrySet().containsAll(pod.nodeSelector().entrySet())
        && matchesAffinity(pod.pod().path("spec").path("affinity").path("nodeAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution"), labels, ObjectMeta.of(node.node()).name());
    return fits ? FilterStatus.FITS : FilterStatus.unresolvable(MISMATCH);
  }

  static boolean matchesAffinity(JsonNode required, Map<String, String> labels, String nodeName) {
    JsonNode terms = required.path("nodeSelectorTerms");
    if (!terms.isArray() || terms.isEmpty()) {
      return true;
    }
    for (JsonNode term : terms) {
      boolean empty = term.path("matchExpressions").isEmpty() && term.path("matchFields").isEmpty();
      if (!empty && all(term.path("matchExpressions"), labels::get) && all(term.path("matchFields"),
          key -> key.equals("metadata.name") ? nodeName : null)) {
        return true;
      }
    }
    return false;
  }

  private static boolean all(JsonNode requirements, java.util.function.Function<String, String> value) {
    for (JsonNode r : requirements) {
      if (!holds(r, value.apply(r.path("key").asString("")))) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(JsonNode requirement, String actual) {
    JsonNode values = requirement.path("values");
    boolean listed = false;
    for (JsonNode v : values) {
      listed |= v.asString("").equals(actual);
    }
    return switch (requirement.path("operator").asString("")) {
      case "In" -> actual != null && listed;
      case "NotIn" -> actual == null || !listed;
      case "Exists" -> actual != null;
      case "DoesNotExist" -> actual == null;
      case "Gt", "Lt" -> compare(requirement.path("operator").asString(""), actual, values);
      default -> false;
    };
  }

  private static boolean compare(String operator, String actual, JsonNode values) {
    try {
      long have = Long.parseLong(actual == null ? "" : actual);
      long bound = Long.parseLong(values.path(0).asString(""));
      return operator.equals("Gt") ? have > bound : have < bound;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
