package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Namespaces: NAME STATUS AGE, STATUS being the phase ({@code Active}, {@code Terminating}). */
final class NamespacePrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the namespace."),
      Column.text("Status", "Active, or Terminating while its objects are deleted."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode namespace, Instant now) {
    return List.of(
        namespace.path("metadata").path("name").asString(""),
        namespace.path("status").path("phase").asString(""),
        HumanDuration.since(namespace.path("metadata").path("creationTimestamp").asString(""), now));
  }
}
