package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Cells that several printers share: name, age, the pod template's containers, selectors and label maps. */
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
   * {@code metav1.FormatLabelSelector}: the selector's string form, {@code <none>} when it selects
   * everything, {@code <error>} when it is not valid.
   */
  static String formatSelector(JsonNode selector) {
    try {
      String text = selector(selector);
      return text.isEmpty() ? "<none>" : text;
    } catch (IllegalArgumentException e) {
      return "<error>";
    }
  }

  /** {@code labels.FormatLabels}: {@code k=v} pairs sorted by key, {@code <none>} for an empty map. */
  static String formatLabels(JsonNode labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      sorted.put(e.getKey(), e.getValue().asString(""));
    }
    if (sorted.isEmpty()) {
      return "<none>";
    }
    List<String> pairs = new ArrayList<>();
    sorted.forEach((key, value) -> pairs.add(key + "=" + value));
    return String.join(",", pairs);
  }

  /** The {@code metadata.creationTimestamp} of an object as an AGE cell. */
  static String age(JsonNode object, Instant now) {
    return HumanDuration.since(object.path("metadata").path("creationTimestamp").asString(""), now);
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asString("");
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
