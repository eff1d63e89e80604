package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME (in
 * that order among the columns). Times fall back from the core/v1 fields ({@code lastTimestamp},
 * {@code firstTimestamp}, {@code count}) to the events.k8s.io ones ({@code eventTime},
 * {@code series}), since recorders may write either.
 */
final class EventPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.text("Last Seen", "Time since the event was last seen."),
      Column.text("Type", "Normal or Warning."),
      Column.text("Reason", "A short, machine-readable cause."),
      Column.text("Object", "The object the event is about, as kind/name."),
      Column.wide("Subobject", "The part of the object concerned, such as a container."),
      Column.wide("Source", "The component, and host, that reported the event."),
      Column.text("Message", "What happened, for people."),
      Column.wide("First Seen", "Time since the event was first seen."),
      Column.wide("Count", "How many times the event occurred."),
      new Column("Name", "string", "name", "Name of the event object.", 1));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode event, Instant now) {
    String firstSeen = event.path("firstTimestamp").asString("").isEmpty()
        ? HumanDuration.since(event.path("eventTime").asString(""), now)
        : HumanDuration.since(event.path("firstTimestamp").asString(""), now);
    String lastSeen = event.path("lastTimestamp").asString("").isEmpty()
        ? firstSeen
        : HumanDuration.since(event.path("lastTimestamp").asString(""), now);
    long count = event.path("count").asLong(0);
    JsonNode series = event.path("series");
    if (series.isObject()) {
      lastSeen = HumanDuration.since(series.path("lastObservedTime").asString(""), now);
      count = series.path("count").asLong(0);
    } else if (count == 0) {
      // Events recorded once through events.k8s.io carry no count.
      count = 1;
    }
    JsonNode involved = event.path("involvedObject");
    String kind = involved.path("kind").asString("").toLowerCase(Locale.ROOT);
    String name = involved.path("name").asString("");
    return List.of(
        lastSeen,
        event.path("type").asString(""),
        event.path("reason").asString(""),
        name.isEmpty() ? kind : kind + "/" + name,
        involved.path("fieldPath").asString(""),
        source(event),
        event.path("message").asString("").strip(),
        firstSeen,
        count,
        event.path("metadata").path("name").asString(""));
  }

  /** {@code kubelet, node-1}: component and host, from source or else the reporting fields. */
  private static String source(JsonNode event) {
    String component = firstNonEmpty(
        event.path("source").path("component").asString(""), event.path("reportingComponent").asString(""));
    String host = firstNonEmpty(
        event.path("source").path("host").asString(""), event.path("reportingInstance").asString(""));
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
