package dev.kctl.cli.jsonpath;

import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A template in kubectl's JSONPath dialect, as {@code kubectl get -o jsonpath=TEMPLATE} takes it:
 * text with {@code {expression}} actions, {@code {range EXPR}...{end}} loops and {@code {"\n"}}
 * string literals. Expressions support fields ({@code .a.b}, {@code ['a.b']}), wildcards
 * ({@code [*]}, {@code .*}), indexes and slices ({@code [0]}, {@code [-1]}, {@code [1:3]}),
 * unions ({@code [0,2]}, {@code ['a','b']}), recursive descent ({@code ..name}) and filters
 * ({@code [?(@.type=="Ready")]}, {@code [?(@.port>80)]}, {@code [?(@.ready)]}).
 *
 * <p>As kubectl with its default {@code --allow-missing-template-keys=true}, a path that leads
 * nowhere prints nothing rather than failing. Several results of one action are separated by one
 * space; strings print bare, other values as compact JSON. Immutable and thread-safe.
 */
public final class JsonPath {
  private static final Pattern RELAXED = Pattern.compile("^\\{?(\\.?)([^{}]+)}?$");

  private final List<Node> nodes;

  private JsonPath(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Parses a template such as {@code {range .items[*]}{.metadata.name}{"\n"}{end}}.
   *
   * @throws JsonPathException naming the position of a syntax error
   */
  public static JsonPath parse(String template) {
    return new JsonPath(new TemplateParser(template).parse());
  }

  /**
   * Parses one expression in kubectl's relaxed form, as {@code custom-columns} and
   * {@code --sort-by} take it: {@code .metadata.name}, {@code metadata.name} or
   * {@code {.metadata.name}}.
   */
  public static Path expression(String relaxed) {
    Matcher m = RELAXED.matcher(relaxed.trim());
    if (!m.matches()) {
      throw new JsonPathException("unexpected path string, expected a 'name1.name2' or"
          + " '.name1.name2' or '{name1.name2}' or '{.name1.name2}': \"" + relaxed + "\"");
    }
    String body = m.group(2);
    return PathParser.parse(body.startsWith("$") || body.startsWith("@") ? body : "." + body);
  }

  /** The template filled in from {@code root}. */
  public String render(JsonNode root) {
    StringBuilder out = new StringBuilder();
    render(nodes, root, root, out);
    return out.toString();
  }

  private static void render(List<Node> nodes, JsonNode root, JsonNode current, StringBuilder out) {
    for (Node node : nodes) {
      switch (node) {
        case Node.Text text -> out.append(text.text());
        case Node.Print print -> {
          List<JsonNode> values = print.path().select(root, current);
          for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
              out.append(' ');
            }
            out.append(text(values.get(i)));
          }
        }
        case Node.Range range -> {
          List<JsonNode> values = range.path().select(root, current);
          // {range .items} loops over the array's elements, as {range .items[*]} does.
          Iterable<JsonNode> elements = values.size() == 1 && values.getFirst().isArray()
              ? values.getFirst() : values;
          for (JsonNode element : elements) {
            render(range.body(), root, element, out);
          }
        }
      }
    }
  }

  /** A value as a template prints it: strings bare, the rest as compact JSON. */
  public static String text(JsonNode value) {
    if (value.isString()) {
      return value.asString();
    }
    if (value.isNull() || value.isMissingNode()) {
      return "";
    }
    return Json.string(value);
  }

  /** Parts of a template. */
  sealed interface Node {
    record Text(String text) implements Node {}

    record Print(Path path) implements Node {}

    record Range(Path path, List<Node> body) implements Node {
      public Range {
        body = List.copyOf(body);
      }
    }
  }

  /** Splits a template into text and actions and nests range/end. */
  private static final class TemplateParser {
    private final String template;
    private int pos;

    TemplateParser(String template) {
      this.template = template;
    }

    List<Node> parse() {
      List<Node> nodes = parseUntilEnd(false);
      return nodes;
    }

    private List<Node> parseUntilEnd(boolean inRange) {
      List<Node> nodes = new ArrayList<>();
      while (pos < template.length()) {
        int open = template.indexOf('{', pos);
        if (open < 0) {
          nodes.add(new Node.Text(template.substring(pos)));
          pos = template.length();
          break;
        }
        if (open > pos) {
          nodes.add(new Node.Text(template.substring(pos, open)));
        }
        int close = closingBrace(open);
        String action = template.substring(open + 1, close).trim();
        pos = close + 1;
        if (action.equals("end")) {
          if (!inRange) {
            throw new JsonPathException("not in range, nothing to end (at " + open + " in " + template + ")");
          }
          return nodes;
        }
        if (action.startsWith("range ") || action.startsWith("range\t")) {
          Path path = PathParser.parse(action.substring(6).trim());
          nodes.add(new Node.Range(path, parseUntilEnd(true)));
        } else if (action.startsWith("\"")) {
          nodes.add(new Node.Text(unquote(action)));
        } else if (!action.isEmpty()) {
          nodes.add(new Node.Print(PathParser.parse(action)));
        }
      }
      if (inRange) {
        throw new JsonPathException("unclosed range in " + template + ": add {end}");
      }
      return nodes;
    }

    /** The index of the '}' closing the action at {@code open}, skipping quoted text. */
    private int closingBrace(int open) {
      char quote = 0;
      for (int i = open + 1; i < template.length(); i++) {
        char c = template.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '}') {
          return i;
        }
      }
      throw new JsonPathException("unclosed action at " + open + " in " + template);
    }

    private static String unquote(String literal) {
      if (literal.length() < 2 || !literal.endsWith("\"")) {
        throw new JsonPathException("unterminated string " + literal);
      }
      StringBuilder text = new StringBuilder();
      for (int i = 1; i < literal.length() - 1; i++) {
        char c = literal.charAt(i);
        if (c != '\\' || i + 1 >= literal.length() - 1) {
          text.append(c);
          continue;
        }
        char escaped = literal.charAt(++i);
        text.append(switch (escaped) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> escaped;
        });
      }
      return text.toString();
    }
  }
}
