package dev.kctl.apiserver.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Cells that workload printers share: the pod template's containers and the label selector. */
final class Workloads {
  private Workloads() {}

  /** {@code spec.replicas}, defaulting to 1 as the API does when it is unset. */
  static long desiredReplicas(JsonNode workload) {
    return workload.path("spec").path("replicas").asLong(1);
  }

  static String containerNames(JsonNode workload) {
    return join(workload, "name");
  }

  static String containerImages(JsonNode workload) {
    return join(workload, "image");
  }

  private static String join(JsonNode workload, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
      values.add(container.path(field).asString(""));
    }
    return String.join(",", values);
  }

  /**
   * A {@code LabelSelector} in the string form of Kubernetes' selectors: requirements sorted by
   * key, {@code app=web}, {@code tier in (a,b)}, {@code tier notin (c)}, {@code canary},
   * {@code !legacy}; the empty string for an absent or empty selector.
   *
   * @throws IllegalArgumentException when the selector is not valid
   */
  static String selector(JsonNode selector) {
    record Requirement(String key, String text) {}
    List<Requirement> requirements = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      requirements.add(new Requirement(e.getKey(), e.getKey() + "=" + e.getValue().asString("")));
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asString("");
      TreeSet<String> values = new TreeSet<>();
      expression.path("values").forEach(v -> values.add(v.asString("")));
      String operator = expression.path("operator").asString("");
      String text = switch (operator) {
        case "In" -> nonEmpty(values, operator) + key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> nonEmpty(values, operator) + key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> empty(values, operator) + key;
        case "DoesNotExist" -> empty(values, operator) + "!" + key;
        default -> throw new IllegalArgumentException("unknown label selector operator \"" + operator + "\"");
      };
      requirements.add(new Requirement(key, text));
    }
    requirements.sort(Comparator.comparing(Requirement::key));
    return String.join(",", requirements.stream().map(Requirement::text).toList());
  }

  private static String nonEmpty(TreeSet<String> values, String operator) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("operator " + operator + " needs at least one value");
    }
    return "";
  }

  private static String empty(TreeSet<String> values, String operator) {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("operator " + operator + " takes no values");
    }
    return "";
  }
}
