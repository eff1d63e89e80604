package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Endpoint slices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. PORTS shows each port's number, else its
 * name, else {@code *}; ENDPOINTS every address of every endpoint. Both list at most three, then
 * {@code + N more...}, and read {@code <unset>} when that leaves nothing to show.
 */
final class EndpointSlicePrinter implements Printer {
  private static final int MAX = 3;

  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the endpoint slice, unique in its namespace."),
      Column.text("AddressType", "The kind of addresses in the slice: IPv4, IPv6 or FQDN."),
      Column.text("Ports", "The ports every endpoint of the slice serves."),
      Column.text("Endpoints", "The addresses of the endpoints in the slice."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode slice, Instant now) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : slice.path("ports")) {
      if (port.hasNonNull("port")) {
        ports.add(Long.toString(port.path("port").asLong(0)));
      } else if (port.hasNonNull("name")) {
        ports.add(port.path("name").asString(""));
      } else {
        ports.add("*");
      }
    }
    List<String> addresses = new ArrayList<>();
    for (JsonNode endpoint : slice.path("endpoints")) {
      endpoint.path("addresses").forEach(address -> addresses.add(address.asString("")));
    }
    return List.of(
        Workloads.name(slice),
        slice.path("addressType").asString(""),
        firstFew(ports),
        firstFew(addresses),
        Workloads.age(slice, now));
  }

  private static String firstFew(List<String> values) {
    if (values.size() > MAX) {
      return String.join(",", values.subList(0, MAX)) + " + " + (values.size() - MAX) + " more...";
    }
    String text = String.join(",", values);
    return text.isEmpty() ? "<unset>" : text;
  }
}
