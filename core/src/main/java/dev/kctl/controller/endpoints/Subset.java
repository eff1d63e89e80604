package dev.kctl.controller.endpoints;

import dev.kctl.api.ObjectMeta;
import dev.kctl.controller.runtime.PodConditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One subset of an Endpoints object: the pods that serve the Service on the same ports, ready
 * and not ready apart.
 */
record Subset(List<Port> ports, List<Address> ready, List<Address> notReady) {
  /** A resolved Service port: its name and protocol, and the port the pods listen on. */
  record Port(String name, int port, String protocol) {}

  /** A pod serving the Service. */
  record Address(String ip, String nodeName, String podName, String namespace, String uid) {}

  Subset {
    ports = List.copyOf(ports);
    ready = List.copyOf(ready);
    notReady = List.copyOf(notReady);
  }

  /**
   * Groups the selected pods by the ports they resolve the Service's ports to. Pods without an
   * IP, terminating or finished ones are left out; a pod that lacks a named target port is left
   * out of that port only (of the Service entirely when it resolves none), as kube does.
   */
  static List<Subset> of(ObjectNode service, List<ObjectNode> pods) {
    Map<List<Port>, List<List<Address>>> groups = new LinkedHashMap<>();
    List<ObjectNode> sorted = pods.stream().sorted(Comparator.comparing(p -> ObjectMeta.of(p).name())).toList();
    for (ObjectNode pod : sorted) {
      String ip = pod.path("status").path("podIP").asString("");
      if (ip.isEmpty() || !PodConditions.isActive(pod)) {
        continue;
      }
      List<Port> ports = new ArrayList<>();
      for (JsonNode sp : service.path("spec").path("ports")) {
        int port = resolve(pod, sp.path("targetPort").isMissingNode() ? sp.path("port") : sp.path("targetPort"));
        if (port > 0) {
          ports.add(new Port(sp.path("name").asString(""), port, sp.path("protocol").asString("TCP")));
        }
      }
      if (ports.isEmpty() && !service.path("spec").path("ports").isEmpty()) {
        continue;
      }
      ObjectMeta meta = ObjectMeta.of(pod);
      Address address = new Address(ip, pod.path("spec").path("nodeName").asString(""), meta.name(), meta.namespace(), meta.uid());
      List<List<Address>> group = groups.computeIfAbsent(List.copyOf(ports), k -> List.of(new ArrayList<>(), new ArrayList<>()));
      group.get(PodConditions.isReady(pod) ? 0 : 1).add(address);
    }
    List<Subset> out = new ArrayList<>();
    groups.forEach((ports, lists) -> out.add(new Subset(ports, lists.get(0), lists.get(1))));
    return out;
  }

  /**
   * The port the pod's process listens on for {@code target}: the hostPort of the container
   * port it names (by number or by name), or the container port when it has no hostPort; for a
   * number no container declares, that number itself; 0 when a name matches nothing.
   */
  static int resolve(ObjectNode pod, JsonNode target) {
    for (JsonNode c : pod.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        boolean matches = target.isNumber()
            ? p.path("containerPort").asInt() == target.asInt()
            : p.path("name").asString("").equals(target.asString(""));
        if (matches) {
          int hostPort = p.path("hostPort").asInt(0);
          return hostPort > 0 ? hostPort : p.path("containerPort").asInt();
        }
      }
    }
    if (target.isNumber()) {
      return target.asInt();
    }
    try {
      return Integer.parseInt(target.asString(""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
