package dev.kctl.cli.jsonpath;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One step of a path: from one value to the values it selects, appended to {@code out}. */
sealed interface Step {
  void apply(JsonNode root, JsonNode value, List<JsonNode> out);

  /** {@code .name} or {@code ['name']}: a field of an object. */
  record Field(String name) implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      JsonNode child = value.isObject() ? value.get(name) : null;
      if (child != null) {
        out.add(child);
      }
    }
  }

  /** {@code [*]} or {@code .*}: every element of an array or value of an object. */
  record Wildcard() implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      if (value.isArray() || value.isObject()) {
        value.forEach(out::add);
      }
    }
  }

  /** {@code ..}: the value and all its descendants, depth first, for the step after it. */
  record Descendants() implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      out.add(value);
      if (value.isArray() || value.isObject()) {
        for (JsonNode child : value) {
          apply(root, child, out);
        }
      }
    }
  }

  /** {@code [i]}: an element of an array; negative counts from the end. */
  record Index(int index) implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      if (!value.isArray()) {
        return;
      }
      int i = index < 0 ? value.size() + index : index;
      if (i >= 0 && i < value.size()) {
        out.add(value.get(i));
      }
    }
  }

  /** {@code [start:end:step]}, each part optional, with Python's clamping. */
  record Slice(Integer start, Integer end, int step) implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      if (!value.isArray() || step <= 0) {
        return;
      }
      int size = value.size();
      int from = clamp(start == null ? 0 : start, size);
      int to = clamp(end == null ? size : end, size);
      for (int i = from; i < to; i += step) {
        out.add(value.get(i));
      }
    }

    private static int clamp(int index, int size) {
      int i = index < 0 ? size + index : index;
      return Math.max(0, Math.min(size, i));
    }
  }

  /** {@code [a,b]}: the results of several steps, in order. */
  record Union(List<Step> steps) implements Step {
    public Union {
      steps = List.copyOf(steps);
    }

    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      steps.forEach(step -> step.apply(root, value, out));
    }
  }

  /** {@code [?(@.x == "y")]}: the elements of an array (or the object itself) that match. */
  record Filter(Condition condition) implements Step {
    @Override
    public void apply(JsonNode root, JsonNode value, List<JsonNode> out) {
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (condition.test(root, element)) {
            out.add(element);
          }
        }
      } else if (value.isObject() && condition.test(root, value)) {
        out.add(value);
      }
    }
  }

  /**
   * A filter's test: {@code left op right}, or just {@code left} for "exists and is not false".
   *
   * @param op one of {@code == != < <= > >=}, or null for an existence test
   * @param right the other side: a path, or a literal (a JSON value)
   */
  record Condition(Path left, String op, Path right, JsonNode literal) {
    boolean test(JsonNode root, JsonNode current) {
      List<JsonNode> lefts = left.select(root, current);
      if (op == null) {
        return lefts.stream().anyMatch(v -> !v.isNull() && !(v.isBoolean() && !v.asBoolean()));
      }
      List<JsonNode> rights = right == null ? List.of(literal) : right.select(root, current);
      for (JsonNode l : lefts) {
        for (JsonNode r : rights) {
          if (compare(l, r)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean compare(JsonNode l, JsonNode r) {
      int order;
      if (l.isNumber() && r.isNumber()) {
        order = Double.compare(l.asDouble(), r.asDouble());
      } else if (op.equals("==") || op.equals("!=")) {
        boolean equal = JsonPath.text(l).equals(JsonPath.text(r)) && l.isString() == r.isString();
        return op.equals("==") == equal;
      } else {
        order = JsonPath.text(l).compareTo(JsonPath.text(r));
      }
      return switch (op) {
        case "==" -> order == 0;
        case "!=" -> order != 0;
        case "<" -> order < 0;
        case "<=" -> order <= 0;
        case ">" -> order > 0;
        case ">=" -> order >= 0;
        default -> throw new JsonPathException("unknown operator " + op);
      };
    }
  }
}
