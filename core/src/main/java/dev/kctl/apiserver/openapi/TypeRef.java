package dev.kctl.apiserver.openapi;

import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import java.util.Map;

/**
 * The type of a field in the schema data: a scalar, a named type, or a list or map of a type.
 * Written in the data as {@code int32}, {@code PodSpec}, {@code [Container]}, {@code {string}}.
 */
sealed interface TypeRef {
  /** A value without named type: a string, a number, or (kind {@link Kind#ANY}) any JSON. */
  record Scalar(Kind kind, String format) implements TypeRef {}

  /** A type defined in the schema data, by its full schema name. */
  record Named(String name) implements TypeRef {}

  record ListOf(TypeRef items) implements TypeRef {}

  record MapOf(TypeRef values) implements TypeRef {}

  /**
   * Parses the data's notation; a bare name is a type of {@code pkg}, {@code alias.Name} one of
   * the package the alias stands for.
   *
   * @throws IllegalArgumentException for an unknown alias or an unbalanced bracket
   */
  static TypeRef parse(String text, String pkg, Map<String, String> aliases) {
    String t = text.strip();
    if (t.startsWith("[") || t.startsWith("{")) {
      char close = t.charAt(0) == '[' ? ']' : '}';
      if (!t.endsWith(String.valueOf(close)) || t.length() < 3) {
        throw new IllegalArgumentException("type \"" + text + "\" opens a bracket it does not close");
      }
      TypeRef inner = parse(t.substring(1, t.length() - 1), pkg, aliases);
      return close == ']' ? new ListOf(inner) : new MapOf(inner);
    }
    return switch (t) {
      case "string" -> new Scalar(Kind.STRING, "");
      case "byte" -> new Scalar(Kind.STRING, "byte");
      case "int32" -> new Scalar(Kind.INTEGER, "int32");
      case "int64" -> new Scalar(Kind.INTEGER, "int64");
      case "double" -> new Scalar(Kind.NUMBER, "double");
      case "boolean" -> new Scalar(Kind.BOOLEAN, "");
      case "object" -> new Scalar(Kind.ANY, "");
      default -> {
        int dot = t.indexOf('.');
        if (dot < 0) {
          yield new Named(pkg + "." + t);
        }
        String target = aliases.get(t.substring(0, dot));
        if (target == null) {
          throw new IllegalArgumentException("type \"" + text + "\" names the unknown package alias "
              + t.substring(0, dot) + "; the aliases are " + aliases.keySet());
        }
        yield new Named(target + "." + t.substring(dot + 1));
      }
    };
  }
}
