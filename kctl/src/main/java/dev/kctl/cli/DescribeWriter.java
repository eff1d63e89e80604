package dev.kctl.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * kubectl describe's writer: lines indented two spaces per level, aligned by a {@link TabWriter}
 * with kubectl's settings, plus the sections every describer shares (labels, annotations, events).
 */
final class DescribeWriter {
  static final String NONE = "<none>";
  /** Longer annotations are printed on lines of their own, cut at this length. */
  private static final int MAX_ANNOTATION = 140;
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final TabWriter tabs = TabWriter.forDescribe();
  private final Instant now;

  DescribeWriter(Instant now) {
    this.now = now;
  }

  Instant now() {
    return now;
  }

  /** Writes {@code format} (a printf format when args are given) at {@code level}. */
  DescribeWriter w(int level, String format, Object... args) {
    tabs.line(level, format, args);
    return this;
  }

  /** Writes text then a newline, without indentation. */
  DescribeWriter writeLine(String text) {
    tabs.write(text + "\n");
    return this;
  }

  /** Writes {@code title:} and a tab, to be followed by the first value. */
  DescribeWriter writeTitle(String title) {
    tabs.write(title + ":\t");
    return this;
  }

  /** {@code Title:\tk=v} then one {@code \tk=v} line per further label, sorted; {@code <none>}. */
  DescribeWriter labels(String title, JsonNode labels) {
    tabs.write(title + ":\t");
    Map<String, String> sorted = sorted(labels);
    if (sorted.isEmpty()) {
      return writeLine(NONE);
    }
    boolean first = true;
    for (var e : sorted.entrySet()) {
      tabs.write((first ? "" : "\t") + e.getKey() + "=" + e.getValue() + "\n");
      first = false;
    }
    return this;
  }

  /** Annotations as labels, but {@code k: v}, long or multi-line values on lines of their own. */
  DescribeWriter annotations(String title, JsonNode annotations) {
    tabs.write(title + ":\t");
    Map<String, String> sorted = sorted(annotations);
    sorted.remove(LAST_APPLIED);
    if (sorted.isEmpty()) {
      return writeLine(NONE);
    }
    boolean first = true;
    for (var e : sorted.entrySet()) {
      if (!first) {
        tabs.write("\t");
      }
      first = false;
      String value = e.getValue().endsWith("\n") ? e.getValue().substring(0, e.getValue().length() - 1) : e.getValue();
      if (value.length() + e.getKey().length() + 2 > MAX_ANNOTATION || value.contains("\n")) {
        tabs.write(e.getKey() + ":\n");
        for (String line : value.split("\n", -1)) {
          String cut = line.length() > MAX_ANNOTATION - 2 ? line.substring(0, MAX_ANNOTATION - 2) + "..." : line;
          tabs.write("\t  " + cut + "\n");
        }
      } else {
        tabs.write(e.getKey() + ": " + value + "\n");
      }
    }
    return this;
  }

  /**
   * The Events section: {@code Events:  <none>}, or a table of type, reason, age, source and
   * message, oldest first, aligned on its own.
   */
  DescribeWriter events(List<JsonNode> events) {
    if (events.isEmpty()) {
      return w(0, "Events:\t<none>\n");
    }
    tabs.flush();
    List<JsonNode> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(e -> lastSeen(e), Comparator.nullsFirst(Comparator.naturalOrder())));
    w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w(1, "----\t------\t----\t----\t-------\n");
    for (JsonNode e : sorted) {
      String first = e.path("eventTime").asString("").isEmpty()
          ? Ages.since(e.path("firstTimestamp").asString(""), now)
          : Ages.since(e.path("eventTime").asString(""), now);
      String interval;
      int count = e.path("count").asInt(0);
      if (e.path("series").isObject()) {
        interval = "%s (x%d over %s)".formatted(Ages.since(e.path("series").path("lastObservedTime").asString(""), now),
            e.path("series").path("count").asInt(), first);
      } else if (count > 1) {
        interval = "%s (x%d over %s)".formatted(Ages.since(e.path("lastTimestamp").asString(""), now), count, first);
      } else {
        interval = first;
      }
      String source = e.path("source").path("component").asString("");
      if (source.isEmpty()) {
        source = e.path("reportingComponent").asString("");
      }
      String message = e.path("message").asString("").strip();
      String fieldPath = e.path("involvedObject").path("fieldPath").asString("");
      if (!fieldPath.isEmpty()) {
        message = fieldPath + ": " + message;
      }
      w(1, "%s\t%s\t%s\t%s\t%s\n", e.path("type").asString(""), e.path("reason").asString(""),
          interval, source, message);
    }
    return this;
  }

  private static Instant lastSeen(JsonNode event) {
    Instant last = Ages.parse(event.path("lastTimestamp").asString(""));
    return last != null ? last : Ages.parse(event.path("eventTime").asString(""));
  }

  /** The aligned text. */
  String text() {
    return tabs.text();
  }

  static Map<String, String> sorted(JsonNode map) {
    Map<String, String> sorted = new TreeMap<>();
    if (map != null) {
      map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
    }
    return sorted;
  }

  /** {@code k=v,k2=v2} sorted, as Kubernetes formats a label map; {@code <none>} when empty. */
  static String formatLabels(JsonNode map) {
    Map<String, String> sorted = sorted(map);
    if (sorted.isEmpty()) {
      return NONE;
    }
    StringBuilder text = new StringBuilder();
    sorted.forEach((k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return text.toString();
  }

  /**
   * A label selector object as Kubernetes prints it ({@code app=web,tier in (a,b),!canary}),
   * requirements sorted by key; {@code <none>} for an empty one.
   */
  static String formatSelector(JsonNode selector) {
    Map<String, String> requirements = new TreeMap<>();
    List<String> ordered = new ArrayList<>();
    sorted(selector.path("matchLabels")).forEach((k, v) -> ordered.add(k + "=" + v));
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asString("");
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asString("")));
      values.sort(null);
      String text = switch (expression.path("operator").asString("")) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        default -> key + " ? " + values;
      };
      ordered.add(text);
    }
    for (String text : ordered) {
      requirements.merge(text.replaceFirst("^!", "").split("[=! ]")[0] + "\u0000" + text, text, (a, b) -> a);
    }
    return requirements.isEmpty() ? NONE : String.join(",", requirements.values());
  }
}
