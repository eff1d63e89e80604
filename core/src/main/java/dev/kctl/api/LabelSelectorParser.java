package dev.kctl.api;

import dev.kctl.api.LabelSelector.Operator;
import dev.kctl.api.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses the string form of label selectors; see {@link LabelSelector#parse(String)}. */
final class LabelSelectorParser {
  private final String text;
  private int pos;

  private LabelSelectorParser(String text) {
    this.text = text;
  }

  static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return LabelSelector.EVERYTHING;
    }
    return new LabelSelectorParser(text).selector();
  }

  private LabelSelector selector() {
    List<Requirement> out = new ArrayList<>();
    while (true) {
      out.add(requirement());
      skipSpaces();
      if (pos == text.length()) {
        return new LabelSelector(out);
      }
      expect(",");
    }
  }

  private Requirement requirement() {
    skipSpaces();
    if (peek('!')) {
      pos++;
      return new Requirement(word(), Operator.DOES_NOT_EXIST, Set.of());
    }
    String key = word();
    skipSpaces();
    if (pos == text.length() || peek(',')) {
      return new Requirement(key, Operator.EXISTS, Set.of());
    }
    if (text.startsWith("!=", pos)) {
      pos += 2;
      return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
    }
    if (text.startsWith("==", pos)) {
      pos += 2;
      return new Requirement(key, Operator.EQUALS, Set.of(value()));
    }
    if (peek('=')) {
      pos++;
      return new Requirement(key, Operator.EQUALS, Set.of(value()));
    }
    String op = word();
    return switch (op) {
      case "in" -> new Requirement(key, Operator.IN, valueSet());
      case "notin" -> new Requirement(key, Operator.NOT_IN, valueSet());
      default -> throw error("expected one of =, ==, !=, in, notin after \"" + key + "\"");
    };
  }

  private Set<String> valueSet() {
    skipSpaces();
    expect("(");
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      values.add(value());
      skipSpaces();
      if (peek(')')) {
        pos++;
        return values;
      }
      expect(",");
    }
  }

  private String value() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && isNameChar(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String word() {
    skipSpaces();
    String w = value();
    if (w.isEmpty()) {
      throw error("expected a label key");
    }
    return w;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(String s) {
    if (!text.startsWith(s, pos)) {
      throw error("expected \"" + s + "\"");
    }
    pos += s.length();
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "cannot parse label selector \"%s\" at position %d: %s".formatted(text, pos, what));
  }
}
