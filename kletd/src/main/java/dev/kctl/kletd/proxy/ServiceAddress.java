package dev.kctl.kletd.proxy;

import dev.kctl.api.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The addresses a Service's name stands for: its clusterIPs, or, for a headless Service
 * ({@code clusterIP: None}), the addresses of its ready endpoints, in the order the Endpoints list
 * them without repeats.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param ips never empty
 */
public record ServiceAddress(String namespace, String name, List<String> ips) {
  public ServiceAddress {
    ips = List.copyOf(ips);
  }

  /**
   * The addresses of {@code service}; empty for an ExternalName Service (a DNS alias, which a
   * hosts file cannot express), a Service without a clusterIP yet, and a headless Service without
   * ready endpoints.
   *
   * @param endpoints the Service's Endpoints, null when there are none
   */
  static Optional<ServiceAddress> of(ObjectNode service, ObjectNode endpoints) {
    JsonNode spec = service.path("spec");
    if (spec.path("type").asString("ClusterIP").equals("ExternalName")) {
      return Optional.empty();
    }
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : spec.path("clusterIPs")) {
      ips.add(ip.asString(""));
    }
    if (ips.isEmpty()) {
      ips.add(spec.path("clusterIP").asString(""));
    }
    if (ips.contains("None")) {
      ips.clear();
      if (endpoints != null) {
        for (JsonNode subset : endpoints.path("subsets")) {
          for (JsonNode address : subset.path("addresses")) {
            String ip = address.path("ip").asString("");
            if (!ips.contains(ip)) {
              ips.add(ip);
            }
          }
        }
      }
    }
    ips.removeIf(String::isEmpty);
    ObjectMeta meta = ObjectMeta.of(service);
    return ips.isEmpty() ? Optional.empty() : Optional.of(new ServiceAddress(meta.namespace(), meta.name(), ips));
  }
}
