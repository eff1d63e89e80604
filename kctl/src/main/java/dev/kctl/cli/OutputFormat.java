package dev.kctl.cli;

import dev.kctl.cli.jsonpath.JsonPath;
import dev.kctl.cli.jsonpath.JsonPathException;
import dev.kctl.cli.jsonpath.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code -o} asks for, parsed from kubectl's spellings. */
sealed interface OutputFormat {
  /** The server's table; {@code wide} adds the columns of priority above 0. */
  record Table(boolean wide) implements OutputFormat {}

  record Yaml() implements OutputFormat {}

  record Json() implements OutputFormat {}

  /** {@code type/name} per object. */
  record Name() implements OutputFormat {}

  /** {@code -o jsonpath=TEMPLATE}, rendered once over the object or the List. */
  record Template(JsonPath template) implements OutputFormat {}

  /** {@code -o custom-columns=HEADER:PATH,...}. */
  record Columns(List<Column> columns) implements OutputFormat {
    public Columns {
      columns = List.copyOf(columns);
    }
  }

  /** One custom column: its header as given and the expression for its cells. */
  record Column(String header, Path path) {}

  /**
   * The format {@code -o value} names; null means the default table.
   *
   * @throws CommandException for an unknown format or a bad template
   */
  static OutputFormat parse(String value) {
    if (value == null || value.isEmpty()) {
      return new Table(false);
    }
    int equals = value.indexOf('=');
    String name = equals < 0 ? value : value.substring(0, equals);
    String argument = equals < 0 ? "" : value.substring(equals + 1);
    try {
      return switch (name) {
        case "wide" -> new Table(true);
        case "yaml" -> new Yaml();
        case "json" -> new Json();
        case "name" -> new Name();
        case "jsonpath" -> {
          if (argument.isEmpty()) {
            throw new CommandException("template format specified but no template given");
          }
          yield new Template(JsonPath.parse(argument));
        }
        case "custom-columns" -> new Columns(columns(argument));
        default -> throw new CommandException("unable to match a printer suitable for the output"
            + " format \"" + value + "\", allowed formats are:"
            + " custom-columns,json,jsonpath,name,wide,yaml");
      };
    } catch (JsonPathException e) {
      throw new CommandException("error parsing jsonpath " + argument + ", " + e.getMessage());
    }
  }

  private static List<Column> columns(String spec) {
    if (spec.isEmpty()) {
      throw new CommandException("custom-columns format specified but no custom columns given");
    }
    List<Column> columns = new ArrayList<>();
    for (String part : spec.split(",")) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new CommandException("unexpected custom-columns spec: " + part
            + ", expected <header>:<json-path-expr>");
      }
      columns.add(new Column(part.substring(0, colon), JsonPath.expression(part.substring(colon + 1))));
    }
    return columns;
  }
}
