package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Secrets: NAME TYPE DATA AGE, where DATA counts the keys of {@code data}. */
final class SecretPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the secret, unique in its namespace."),
      Column.text("Type", "What the secret holds, such as Opaque or kubernetes.io/tls."),
      Column.text("Data", "How many keys the secret holds."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode secret, Instant now) {
    return List.of(
        Workloads.name(secret),
        secret.path("type").asString(""),
        (long) secret.path("data").size(),
        Workloads.age(secret, now));
  }
}
