package dev.kctl.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Field paths as the API server names fields in its errors, e.g.
 * {@code spec.template.spec.containers[0].image} or {@code metadata.labels[app.kubernetes.io/name]},
 * reduced to a canonical form so that a map key reads the same whether it was written as
 * {@code .key} or {@code [key]}.
 */
final class ManifestFieldPath {
  private ManifestFieldPath() {}

  /** The canonical segments: {@code .name} for map keys, {@code [n]} for list indexes. */
  static List<String> parse(String path) {
    List<String> segments = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        flush(name, segments);
        i++;
      } else if (c == '[') {
        flush(name, segments);
        int close = path.indexOf(']', i);
        if (close < 0) {
          name.append(path, i, path.length());
          break;
        }
        String inside = path.substring(i + 1, close);
        segments.add(isIndex(inside) ? index(Integer.parseInt(inside)) : key(inside));
        i = close + 1;
      } else {
        name.append(c);
        i++;
      }
    }
    flush(name, segments);
    return segments;
  }

  static String key(String name) {
    return "." + name;
  }

  static String index(int index) {
    return "[" + index + "]";
  }

  static String join(List<String> segments) {
    return String.join("", segments);
  }

  private static void flush(StringBuilder name, List<String> segments) {
    if (!name.isEmpty()) {
      segments.add(key(name.toString()));
      name.setLength(0);
    }
  }

  private static boolean isIndex(String text) {
    return !text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit);
  }
}
