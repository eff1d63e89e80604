package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Config maps: NAME DATA AGE, where DATA counts the keys of {@code data} and {@code binaryData}. */
final class ConfigMapPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the config map, unique in its namespace."),
      Column.text("Data", "How many keys the config map holds."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode configMap, Instant now) {
    long keys = (long) configMap.path("data").size() + configMap.path("binaryData").size();
    return List.of(Workloads.name(configMap), keys, Workloads.age(configMap, now));
  }
}
