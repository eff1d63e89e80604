package dev.kctl.kletd.portforward;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where a pod's ports are reachable on this node. Pods share the host network and each declared
 * containerPort listens on its allocated hostPort, so a forwarded port that the pod declares is
 * dialled at its hostPort; any other port is dialled as given.
 *
 * @param host the pod's IP (the node's address)
 * @param hostPorts containerPort to hostPort, for the ports the pod declares with a hostPort
 */
public record PodPorts(String namespace, String name, String uid, String host, Map<Integer, Integer> hostPorts) {
  public PodPorts {
    hostPorts = Map.copyOf(hostPorts);
  }

  /** The ports of {@code pod}; {@code nodeAddress} stands in for a podIP not reported yet. */
  public static PodPorts of(JsonNode pod, String nodeAddress) {
    Map<Integer, Integer> ports = new HashMap<>();
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : pod.path("spec").path(list)) {
        for (JsonNode port : container.path("ports")) {
          int containerPort = port.path("containerPort").asInt(0);
          int hostPort = port.path("hostPort").asInt(0);
          if (containerPort > 0 && hostPort > 0 && "TCP".equals(port.path("protocol").asString("TCP"))) {
            ports.putIfAbsent(containerPort, hostPort);
          }
        }
      }
    }
    JsonNode meta = pod.path("metadata");
    String podIp = pod.path("status").path("podIP").asString("");
    return new PodPorts(meta.path("namespace").asString(""), meta.path("name").asString(""),
        meta.path("uid").asString(""), podIp.isEmpty() ? nodeAddress : podIp, ports);
  }

  /** The port on {@link #host()} that the pod's {@code port} is served on. */
  public int target(int port) {
    return hostPorts.getOrDefault(port, port);
  }
}
