package dev.kctl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A label selector, parsed from the query-string form ({@code app=web,tier in (a,b),!canary}) or
 * from the object form ({@code matchLabels}, {@code matchExpressions}). All requirements must hold.
 * The empty selector matches everything.
 */
public record LabelSelector(List<Requirement> requirements) {

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /** The operators of Kubernetes label selectors. */
  public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  /** One requirement on one label key. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    public Requirement {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /**
   * The object form of {@code spec.selector}. A missing selector ({@code MissingNode} or null)
   * selects nothing, as Kubernetes treats a nil selector for workloads.
   */
  public static LabelSelector fromObject(JsonNode selector) {
    List<Requirement> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      out.add(new Requirement(e.getKey(), Operator.EQUALS, Set.of(e.getValue().asString(""))));
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      Set<String> values = new java.util.HashSet<>();
      expr.path("values").forEach(v -> values.add(v.asString("")));
      Operator op = switch (expr.path("operator").asString("")) {
        case "In" -> Operator.IN;
        case "NotIn" -> Operator.NOT_IN;
        case "Exists" -> Operator.EXISTS;
        case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
        default -> throw new IllegalArgumentException(
            "unknown label selector operator \"" + expr.path("operator").asString("") + "\"");
      };
      out.add(new Requirement(expr.path("key").asString(""), op, values));
    }
    return new LabelSelector(out);
  }

  /**
   * Parses the string form used in {@code ?labelSelector=} and {@code kubectl -l}.
   *
   * @throws IllegalArgumentException naming the part that does not parse
   */
  public static LabelSelector parse(String text) {
    return LabelSelectorParser.parse(text);
  }
}
