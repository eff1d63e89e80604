package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the plugins need to know of a pod, read once per scheduling attempt. */
record PodInfo(ObjectNode pod, ObjectMeta meta, Resources requests, List<HostPort> hostPorts, Map<String, String> nodeSelector) {

  /** A port a container asks for on its node; {@code hostIP} {@code 0.0.0.0} means every address. */
  record HostPort(String hostIP, String protocol, int port) {
    boolean conflictsWith(HostPort other) {
      return port == other.port && protocol.equals(other.protocol)
          && (hostIP.equals(other.hostIP) || hostIP.equals("0.0.0.0") || other.hostIP.equals("0.0.0.0"));
    }
  }

  PodInfo {
    hostPorts = List.copyOf(hostPorts);
    nodeSelector = Map.copyOf(nodeSelector);
  }

  static PodInfo of(ObjectNode pod) {
    List<HostPort> ports = new ArrayList<>();
    for (JsonNode c : pod.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        int hostPort = p.path("hostPort").asInt(0);
        if (hostPort > 0) {
          String ip = p.path("hostIP").asString("");
          ports.add(new HostPort(ip.isEmpty() ? "0.0.0.0" : ip, p.path("protocol").asString("TCP"), hostPort));
        }
      }
    }
    Map<String, String> selector = new java.util.LinkedHashMap<>();
    pod.path("spec").path("nodeSelector").properties().forEach(e -> selector.put(e.getKey(), e.getValue().asString("")));
    return new PodInfo(pod, ObjectMeta.of(pod), Resources.requestsOf(pod), ports, selector);
  }

  String key() {
    return meta.key();
  }
}
