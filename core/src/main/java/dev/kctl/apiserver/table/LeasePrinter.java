package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Leases: NAME HOLDER AGE; a lease nobody holds shows {@code <none>}. */
final class LeasePrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the lease, unique in its namespace."),
      Column.text("Holder", "Who holds the lease now."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode lease, Instant now) {
    JsonNode holder = lease.path("spec").path("holderIdentity");
    // Only an absent or null holder is "<none>": an empty string is a holder, as in Kubernetes.
    String cell = holder.isString() ? holder.asString() : "<none>";
    return List.of(Workloads.name(lease), cell, Workloads.age(lease, now));
  }
}
