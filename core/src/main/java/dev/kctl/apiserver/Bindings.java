package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.Timestamps;
import dev.kctl.client.ListOptions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pods/binding} subresource. Pods share their node's network, so binding also gives
 * every declared containerPort without a hostPort a free port from the node's range (annotation
 * {@value #PORT_RANGE_ANNOTATION}); the number is then in the pod's spec for the scheduler, the
 * node agent and {@code kubectl get -o yaml} alike.
 */
final class Bindings {
  static final String PORT_RANGE_ANNOTATION = "kctl.dev/host-port-range";
  private static final String DEFAULT_RANGE = "20000-29999";

  private final ApiService api;
  /** Serialises bindings so that two pods bound at once never get the same host port. */
  private final Object portLock = new Object();

  Bindings(ApiService api) {
    this.api = api;
  }

  ObjectNode bind(String namespace, String name, ObjectNode binding) {
    String node = binding.path("target").path("name").asString("");
    if (node.isEmpty()) {
      throw ApiException.invalid(ResourceTypes.PODS, name,
          java.util.List.of(new ApiException.Cause("FieldValueRequired", "Required value", "target.name")));
    }
    ObjectNode nodeObject = api.get(ResourceTypes.NODES, null, node);
    PortRange range = PortRange.parse(ObjectMeta.of(nodeObject).annotations().getOrDefault(PORT_RANGE_ANNOTATION, DEFAULT_RANGE));
    synchronized (portLock) {
      Set<Integer> used = portsInUse(node);
      return api.guaranteedUpdate(ResourceTypes.PODS, namespace, name, 0, "binding", WriteOptions.DEFAULT, pod -> {
        String bound = pod.path("spec").path("nodeName").asString("");
        if (!bound.isEmpty()) {
          throw ApiException.conflict(ResourceTypes.PODS, name, "pod %s is already assigned to node \"%s\"".formatted(name, bound));
        }
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("nodeName", node);
        assignHostPorts(spec, range, used, namespace + "/" + name, node);
        markScheduled(pod, api.now());
        return pod;
      });
    }
  }

  private Set<Integer> portsInUse(String node) {
    Set<Integer> used = new HashSet<>();
    ObjectNode pods = api.list(ResourceTypes.PODS, null, ListOptions.NONE.withFieldSelector("spec.nodeName=" + node));
    for (JsonNode pod : pods.path("items")) {
      for (JsonNode c : pod.path("spec").path("containers")) {
        for (JsonNode p : c.path("ports")) {
          if (p.path("hostPort").asInt(0) > 0) {
            used.add(p.path("hostPort").asInt());
          }
        }
      }
    }
    return used;
  }

  private static void assignHostPorts(ObjectNode spec, PortRange range, Set<Integer> used, String pod, String node) {
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        for (JsonNode p : c.path("ports")) {
          if (p instanceof ObjectNode port && port.path("hostPort").asInt(0) == 0) {
            int free = range.firstFree(used);
            if (free < 0) {
              throw ApiException.conflict(ResourceTypes.PODS, pod,
                  "node %s has no free host port left in %s".formatted(node, range));
            }
            used.add(free);
            port.put("hostPort", free);
          }
        }
      }
    }
  }

  private static void markScheduled(ObjectNode pod, Instant now) {
    ObjectNode status = pod.get("status") instanceof ObjectNode s ? s : pod.putObject("status");
    ArrayNode conditions = status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
    conditions.removeIf(c -> c.path("type").asString("").equals("PodScheduled"));
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled");
    scheduled.put("status", "True");
    scheduled.putNull("lastProbeTime");
    scheduled.put("lastTransitionTime", Timestamps.time(now));
  }

  /** An inclusive range of host ports, "low-high". */
  record PortRange(int low, int high) {
    static PortRange parse(String text) {
      String[] parts = text.trim().split("-");
      try {
        PortRange range = new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        if (range.low < 1 || range.high > 65535 || range.low > range.high) {
          throw new NumberFormatException();
        }
        return range;
      } catch (RuntimeException e) {
        throw ApiException.badRequest("node annotation %s=\"%s\" is not a port range like 20000-29999".formatted(PORT_RANGE_ANNOTATION, text));
      }
    }

    int firstFree(Set<Integer> used) {
      for (int port = low; port <= high; port++) {
        if (!used.contains(port)) {
          return port;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return low + "-" + high;
    }
  }
}
