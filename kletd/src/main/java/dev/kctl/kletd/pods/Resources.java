package dev.kctl.kletd.pods;

import dev.kctl.api.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A container's {@code resources}: limits and requests by resource name ({@code cpu},
 * {@code memory}, ...). A quantity that does not parse is left out; the API server validates
 * them, so that happens only for objects written around it.
 */
record Resources(Map<String, Quantity> limits, Map<String, Quantity> requests) {
  Resources {
    limits = Map.copyOf(limits);
    requests = Map.copyOf(requests);
  }

  static Resources of(JsonNode container) {
    return new Resources(quantities(container.path("resources").path("limits")),
        quantities(container.path("resources").path("requests")));
  }

  Optional<Quantity> limit(String resource) {
    return Optional.ofNullable(limits.get(resource));
  }

  Optional<Quantity> request(String resource) {
    return Optional.ofNullable(requests.get(resource));
  }

  private static Map<String, Quantity> quantities(JsonNode map) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      try {
        out.put(e.getKey(), Quantity.parse(e.getValue().asString("")));
      } catch (IllegalArgumentException ignored) {
        // validated by the API server; see the class comment
      }
    }
    return out;
  }
}
