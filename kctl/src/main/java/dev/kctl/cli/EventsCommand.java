package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl events [--for TYPE/NAME] [--types Normal,Warning] [-A]}: the events of a namespace,
 * oldest first, as {@code kubectl events} prints them (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE).
 */
@Command(name = "events", description = "List the events of a namespace, oldest first.")
final class EventsCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Option(names = {"-A", "--all-namespaces"}, description = "Events of all namespaces.")
  boolean allNamespaces;

  @Option(names = "--for", paramLabel = "TYPE/NAME", description = "Only the events about this object.")
  String forObject;

  @Option(names = "--types", paramLabel = "TYPE", split = ",", description = "Only these types: Normal, Warning.")
  List<String> types = List.of();

  @Option(names = "--no-headers", description = "Leave out the header line.")
  boolean noHeaders;

  @Override
  public Integer call() {
    Session session = kctl.session();
    String namespace = allNamespaces ? null : session.namespace();
    ListOptions options = ListOptions.NONE;
    if (forObject != null) {
      Resources.Named target = Resources.named(List.of(forObject), "events --for").getFirst();
      options = options.withFieldSelector("involvedObject.kind=" + target.type().kind()
          + ",involvedObject.name=" + target.name());
    }
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode event : session.client().list(ResourceTypes.EVENTS, namespace, options).path("items")) {
      if (types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(event.path("type").asString("")))) {
        events.add(event);
      }
    }
    if (events.isEmpty()) {
      spec.commandLine().getErr().println(namespace == null ? "No events found." : "No events found in " + namespace + " namespace.");
      return 0;
    }
    events.sort(Comparator.comparing(EventsCommand::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())));
    Instant now = session.clock().instant();
    List<String> headers = new ArrayList<>(List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"));
    if (allNamespaces) {
      headers.addFirst("NAMESPACE");
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode e : events) {
      List<String> row = new ArrayList<>();
      if (allNamespaces) {
        row.add(e.path("metadata").path("namespace").asString(""));
      }
      row.add(age(e, now));
      row.add(e.path("type").asString(""));
      row.add(e.path("reason").asString(""));
      JsonNode involved = e.path("involvedObject");
      row.add(involved.path("kind").asString("").toLowerCase(Locale.ROOT) + "/" + involved.path("name").asString(""));
      row.add(e.path("message").asString("").strip());
      rows.add(row);
    }
    new TableView(headers, rows).lines().stream().skip(noHeaders ? 1 : 0).forEach(spec.commandLine().getOut()::println);
    return 0;
  }

  private static Instant lastSeen(JsonNode event) {
    Instant last = Ages.parse(event.path("lastTimestamp").asString(""));
    if (last == null) {
      last = Ages.parse(event.path("series").path("lastObservedTime").asString(""));
    }
    return last != null ? last : Ages.parse(event.path("eventTime").asString(""));
  }

  /** {@code 5m}, or {@code 2m (x3 over 9m)} for a repeated event. */
  private static String age(JsonNode e, Instant now) {
    Instant last = lastSeen(e);
    String seen = last == null ? "<unknown>" : Ages.human(java.time.Duration.between(last, now));
    int count = e.path("series").isObject() ? e.path("series").path("count").asInt() : e.path("count").asInt(1);
    Instant first = Ages.parse(e.path("firstTimestamp").asString(""));
    if (first == null) {
      first = Ages.parse(e.path("eventTime").asString(""));
    }
    if (count > 1 && first != null) {
      return seen + " (x" + count + " over " + Ages.human(java.time.Duration.between(first, now)) + ")";
    }
    return seen;
  }
}
