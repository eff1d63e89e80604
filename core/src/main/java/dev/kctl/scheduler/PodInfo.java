package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import dev.kctl.controller.runtime.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the plugins need to know of a pod, read once per scheduling attempt. */
record PodInfo(ObjectNode pod, ObjectMeta meta, Resources requests, List<HostPort> hostPorts, Map<String, String> nodeSelector,
    List<Toleration> tolerations, List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity) {

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
    tolerations = List.copyOf(tolerations);
    requiredAffinity = List.copyOf(requiredAffinity);
    requiredAntiAffinity = List.copyOf(requiredAntiAffinity);
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
    ObjectMeta meta = ObjectMeta.of(pod);
    JsonNode affinity = pod.path("spec").path("affinity");
    return new PodInfo(pod, meta, Resources.requestsOf(pod), ports, selector, Toleration.of(pod),
        AffinityTerm.required(affinity.path("podAffinity"), meta.namespace()),
        AffinityTerm.required(affinity.path("podAntiAffinity"), meta.namespace()));
  }

  String key() {
    return meta.key();
  }
}
