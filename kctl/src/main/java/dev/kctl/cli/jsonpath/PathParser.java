package dev.kctl.cli.jsonpath;

import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Parses one expression such as {@code $.items[?(@.kind=="Pod")].metadata['name']}. */
final class PathParser {
  private final String text;
  private int pos;

  private PathParser(String text) {
    this.text = text;
  }

  static Path parse(String text) {
    return new PathParser(text.trim()).path();
  }

  private Path path() {
    boolean fromRoot = false;
    if (pos < text.length() && (text.charAt(pos) == '$' || text.charAt(pos) == '@')) {
      fromRoot = text.charAt(pos) == '$';
      pos++;
    }
    List<Step> steps = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.') {
        pos++;
        if (peek('.')) {
          pos++;
          steps.add(new Step.Descendants());
          if (peek('[')) {
            continue;
          }
        }
        if (peek('*')) {
          pos++;
          steps.add(new Step.Wildcard());
        } else {
          String name = name();
          if (!name.isEmpty()) {
            steps.add(new Step.Field(name));
          }
        }
      } else if (c == '[') {
        steps.add(bracket());
      } else {
        throw error("unexpected character '" + c + "'");
      }
    }
    return new Path(fromRoot, steps);
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  /** A field name up to the next '.' or '[', with backslash escapes ({@code app\.kubernetes\.io}). */
  private String name() {
    StringBuilder name = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        name.append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (c == '.' || c == '[') {
        break;
      }
      name.append(c);
      pos++;
    }
    return name.toString();
  }

  private Step bracket() {
    int close = closingBracket(pos);
    String inside = text.substring(pos + 1, close).trim();
    int start = pos;
    pos = close + 1;
    if (inside.startsWith("?")) {
      String condition = inside.substring(1).trim();
      if (!condition.startsWith("(") || !condition.endsWith(")")) {
        throw error("a filter looks like [?(@.field==\"value\")], not [" + inside + "]", start);
      }
      return new Step.Filter(condition(condition.substring(1, condition.length() - 1).trim()));
    }
    if (inside.equals("*")) {
      return new Step.Wildcard();
    }
    List<Step> parts = new ArrayList<>();
    for (String part : splitTopLevel(inside)) {
      parts.add(bracketPart(part.trim(), start));
    }
    return parts.size() == 1 ? parts.getFirst() : new Step.Union(parts);
  }

  private Step bracketPart(String part, int at) {
    if (part.length() >= 2 && (part.startsWith("'") && part.endsWith("'")
        || part.startsWith("\"") && part.endsWith("\""))) {
      return new Step.Field(part.substring(1, part.length() - 1));
    }
    try {
      if (part.contains(":")) {
        String[] bounds = part.split(":", -1);
        Integer from = bounds[0].isBlank() ? null : Integer.valueOf(bounds[0].trim());
        Integer to = bounds[1].isBlank() ? null : Integer.valueOf(bounds[1].trim());
        int step = bounds.length > 2 && !bounds[2].isBlank() ? Integer.parseInt(bounds[2].trim()) : 1;
        return new Step.Slice(from, to, step);
      }
      return new Step.Index(Integer.parseInt(part));
    } catch (NumberFormatException e) {
      throw error("[" + part + "] is neither an index, a slice nor a quoted name", at);
    }
  }

  private Step.Condition condition(String condition) {
    for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
      int at = operatorIndex(condition, op);
      if (at > 0) {
        Path left = parse(condition.substring(0, at));
        String right = condition.substring(at + op.length()).trim();
        if (right.startsWith("@") || right.startsWith("$")) {
          return new Step.Condition(left, op, parse(right), null);
        }
        return new Step.Condition(left, op, null, literal(right));
      }
    }
    return new Step.Condition(parse(condition), null, null, null);
  }

  /** The index of {@code op} outside quotes, or -1. */
  private static int operatorIndex(String condition, String op) {
    char quote = 0;
    for (int i = 0; i < condition.length(); i++) {
      char c = condition.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (condition.startsWith(op, i)) {
        // "<" must not be the start of "<=", and "=" of "==" belongs to the longer operators.
        if ((op.equals("<") || op.equals(">")) && condition.startsWith("=", i + 1)) {
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  private static JsonNode literal(String text) {
    if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"")
        || text.startsWith("'") && text.endsWith("'"))) {
      return JsonNodeFactory.instance.stringNode(text.substring(1, text.length() - 1));
    }
    try {
      return Json.parse(text);
    } catch (RuntimeException e) {
      // kubectl compares bare words as strings.
      return JsonNodeFactory.instance.stringNode(text);
    }
  }

  private int closingBracket(int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw error("unclosed [", open);
  }

  private static List<String> splitTopLevel(String inside) {
    List<String> parts = new ArrayList<>();
    char quote = 0;
    int from = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ',') {
        parts.add(inside.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(inside.substring(from));
    return parts;
  }

  private JsonPathException error(String what) {
    return error(what, pos);
  }

  private JsonPathException error(String what, int at) {
    return new JsonPathException("cannot parse JSONPath \"" + text + "\" at " + at + ": " + what);
  }
}
