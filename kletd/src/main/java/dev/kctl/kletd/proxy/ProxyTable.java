package dev.kctl.kletd.proxy;

import dev.kctl.api.ObjectMeta;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The listeners of every Service, kept in line with the Services and their Endpoints: one per
 * TCP port on each clusterIP, and one on the node address per nodePort. Listeners whose address
 * is still wanted stay open across changes, so established connections survive endpoint updates.
 */
final class ProxyTable implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyTable.class);

  /** Told once about each address of a Service that cannot be bound. */
  interface BindFailure {
    void report(ObjectNode service, InetSocketAddress address, IOException cause);
  }

  /** What one listener address should serve. */
  private record Wanted(JsonNode port, boolean clientIpAffinity) {}

  private final String nodeAddress;
  private final BindFailure failures;
  /** Guarded by this: listeners by Service key, then address. */
  private final Map<String, Map<InetSocketAddress, Listener>> listeners = new HashMap<>();
  /** Guarded by this: addresses already reported as not bindable, by Service key. */
  private final Map<String, Set<InetSocketAddress>> failed = new HashMap<>();

  ProxyTable(String nodeAddress, BindFailure failures) {
    this.nodeAddress = nodeAddress;
    this.failures = failures;
  }

  /**
   * Brings the listeners of Service {@code key} in line with its current state.
   *
   * @param service the Service, null when it is gone
   * @param endpoints its Endpoints, null when there are none
   */
  synchronized void sync(String key, ObjectNode service, ObjectNode endpoints) {
    Map<InetSocketAddress, Wanted> wanted = service == null ? Map.of() : wanted(service);
    Map<InetSocketAddress, Listener> current = listeners.computeIfAbsent(key, k -> new HashMap<>());
    Set<InetSocketAddress> failedHere = failed.computeIfAbsent(key, k -> new HashSet<>());
    current.entrySet().removeIf(e -> {
      if (wanted.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().close();
      log.debug("proxy for service {}: stopped listening on {}", key, e.getKey());
      return true;
    });
    failedHere.retainAll(wanted.keySet());
    for (Map.Entry<InetSocketAddress, Wanted> e : wanted.entrySet()) {
      List<Endpoint> ready = ready(endpoints, e.getValue().port());
      Listener listener = current.get(e.getKey());
      if (listener == null) {
        Backends backends = new Backends();
        backends.update(ready, e.getValue().clientIpAffinity());
        try {
          current.put(e.getKey(), Listener.open(key, e.getKey(), backends));
          failedHere.remove(e.getKey());
          log.debug("proxy for service {}: listening on {}", key, e.getKey());
        } catch (IOException cause) {
          if (failedHere.add(e.getKey())) {
            failures.report(service, e.getKey(), cause);
          }
        }
      } else {
        listener.backends().update(ready, e.getValue().clientIpAffinity());
      }
    }
    if (current.isEmpty()) {
      listeners.remove(key);
    }
    if (failedHere.isEmpty()) {
      failed.remove(key);
    }
  }

  /** The addresses a Service should be served on: its TCP ports on each clusterIP and nodePort. */
  private Map<InetSocketAddress, Wanted> wanted(ObjectNode service) {
    JsonNode spec = service.path("spec");
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : spec.path("clusterIPs")) {
      ips.add(ip.asString(""));
    }
    if (ips.isEmpty()) {
      ips.add(spec.path("clusterIP").asString(""));
    }
    ips.removeIf(ip -> ip.isEmpty() || ip.equals("None"));
    boolean affinity = spec.path("sessionAffinity").asString("None").equals("ClientIP");
    String type = spec.path("type").asString("ClusterIP");
    boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
    Map<InetSocketAddress, Wanted> out = new LinkedHashMap<>();
    for (JsonNode port : spec.path("ports")) {
      if (!port.path("protocol").asString("TCP").equals("TCP")) {
        log.debug("proxy for service {}: port {} is {}, which kletd does not proxy (TCP only)",
            ObjectMeta.of(service).key(), port.path("port").asInt(), port.path("protocol").asString(""));
        continue;
      }
      Wanted w = new Wanted(port, affinity);
      for (String ip : ips) {
        out.put(new InetSocketAddress(ip, port.path("port").asInt()), w);
      }
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePorts && nodePort > 0) {
        out.put(new InetSocketAddress(nodeAddress, nodePort), w);
      }
    }
    return out;
  }

  /**
   * The ready endpoints for a Service port: every ready address of each subset with the subset's
   * port of the same name (or its only port).
   */
  static List<Endpoint> ready(JsonNode endpoints, JsonNode servicePort) {
    if (endpoints == null) {
      return List.of();
    }
    String name = servicePort.path("name").asString("");
    List<Endpoint> out = new ArrayList<>();
    for (JsonNode subset : endpoints.path("subsets")) {
      JsonNode ports = subset.path("ports");
      int port = -1;
      for (JsonNode p : ports) {
        if (p.path("name").asString("").equals(name) || ports.size() == 1) {
          port = p.path("port").asInt(-1);
          break;
        }
      }
      if (port <= 0) {
        continue;
      }
      for (JsonNode address : subset.path("addresses")) {
        out.add(new Endpoint(address.path("ip").asString(""), port));
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(byAddress -> byAddress.values().forEach(Listener::close));
    listeners.clear();
  }
}
