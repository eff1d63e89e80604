package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * NAME AGE: for kinds without a printer of their own, as kube-apiserver prints custom resources
 * that declare no columns.
 */
final class DefaultPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the object."),
      new Column("Age", "date", "", "Time since the object was created.", 0));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    return List.of(
        object.path("metadata").path("name").asString(""),
        HumanDuration.since(object.path("metadata").path("creationTimestamp").asString(""), now));
  }
}
