package dev.kctl.cli;

import dev.kctl.cli.jsonpath.JsonPath;
import dev.kctl.cli.jsonpath.JsonPathException;
import dev.kctl.cli.jsonpath.Path;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code --sort-by=EXPR}: orders objects by the first value the expression selects, as kubectl
 * does: numbers by value, text in natural order ({@code web-2} before {@code web-10}), objects
 * without the field first. The sort is stable, so equal keys keep the server's order.
 */
final class SortKey {
  private final Path path;

  private SortKey(Path path) {
    this.path = path;
  }

  static SortKey parse(String expression) {
    try {
      return new SortKey(JsonPath.expression(expression));
    } catch (JsonPathException e) {
      throw new CommandException("error parsing --sort-by " + expression + ": " + e.getMessage());
    }
  }

  /** The value {@code object} is sorted by, or null when it has none. */
  JsonNode of(JsonNode object) {
    List<JsonNode> values = path.select(object);
    return values.isEmpty() ? null : values.getFirst();
  }

  /** Compares sort values: null (missing) first, numbers numerically, the rest as natural text. */
  static final Comparator<JsonNode> ORDER = (a, b) -> {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    return natural(JsonPath.text(a), JsonPath.text(b));
  };

  /** Text order where runs of digits compare by their value. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int endX = digitsEnd(a, i);
        int endY = digitsEnd(b, j);
        String numberX = a.substring(i, endX).replaceFirst("^0+(?=.)", "");
        String numberY = b.substring(j, endY).replaceFirst("^0+(?=.)", "");
        int order = numberX.length() != numberY.length()
            ? Integer.compare(numberX.length(), numberY.length())
            : numberX.compareTo(numberY);
        if (order != 0) {
          return order;
        }
        i = endX;
        j = endY;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int digitsEnd(String text, int from) {
    int end = from;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }
}
