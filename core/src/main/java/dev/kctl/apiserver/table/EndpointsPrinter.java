package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Endpoints: NAME ENDPOINTS AGE. ENDPOINTS lists the ready addresses as {@code ip:port} (a subset
 * without ports lists bare IPs; IPv6 addresses are bracketed), at most three, then
 * {@code + N more...}; {@code <none>} when there are no subsets.
 */
final class EndpointsPrinter implements Printer {
  private static final int MAX = 3;

  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the endpoints, the same as its service's."),
      Column.text("Endpoints", "The ready addresses and ports behind the service."),
      Column.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode endpoints, Instant now) {
    return List.of(Workloads.name(endpoints), format(endpoints.path("subsets")), Workloads.age(endpoints, now));
  }

  static String format(JsonNode subsets) {
    if (subsets.isEmpty()) {
      return "<none>";
    }
    List<String> shown = new ArrayList<>();
    int count = 0;
    for (JsonNode subset : subsets) {
      JsonNode addresses = subset.path("addresses");
      if (subset.path("ports").isEmpty()) {
        // A headless service may have no ports: its addresses are listed alone.
        count += addresses.size();
        for (JsonNode address : addresses) {
          if (shown.size() == MAX) {
            break;
          }
          shown.add(address.path("ip").asString(""));
        }
        continue;
      }
      for (JsonNode port : subset.path("ports")) {
        count += addresses.size();
        for (JsonNode address : addresses) {
          if (shown.size() == MAX) {
            break;
          }
          shown.add(hostPort(address.path("ip").asString(""), port.path("port").asLong(0)));
        }
      }
    }
    String text = String.join(",", shown);
    return count > MAX ? text + " + " + (count - MAX) + " more..." : text;
  }

  /** Go's {@code net.JoinHostPort}: brackets around a host that contains a colon. */
  private static String hostPort(String host, long port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
