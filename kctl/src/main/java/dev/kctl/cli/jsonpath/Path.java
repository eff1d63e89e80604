package dev.kctl.cli.jsonpath;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One parsed JSONPath expression, e.g. {@code .spec.containers[*].image}: a start ({@code $} the
 * root, otherwise the current node) and steps applied in turn to every value selected so far.
 */
public final class Path {
  private final boolean fromRoot;
  private final List<Step> steps;

  Path(boolean fromRoot, List<Step> steps) {
    this.fromRoot = fromRoot;
    this.steps = List.copyOf(steps);
  }

  /** The values this expression selects in {@code document}, in document order; empty if none. */
  public List<JsonNode> select(JsonNode document) {
    return select(document, document);
  }

  List<JsonNode> select(JsonNode root, JsonNode current) {
    List<JsonNode> values = List.of(fromRoot ? root : current);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode value : values) {
        step.apply(root, value, next);
      }
      values = next;
    }
    return values;
  }
}
