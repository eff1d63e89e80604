package dev.kctl.controller.nodelifecycle;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the node lifecycle controller reads from Nodes, Leases and Pods, and the status patch it
 * writes when a node goes silent. Patches of lists replace them whole, so each carries the node's
 * resourceVersion: a heartbeat written meanwhile makes it fail with Conflict instead of being lost.
 */
final class NodeHealth {
  private NodeHealth() {}

  /** The newest of the Lease's renewTime and the Ready condition's lastHeartbeatTime. */
  static Instant lastHeartbeat(ObjectNode node, ObjectNode lease) {
    Instant best = Instant.EPOCH;
    Instant fromCondition = Timestamps.parse(ready(node).path("lastHeartbeatTime").asString(""));
    if (fromCondition != null) {
      best = fromCondition;
    }
    if (lease != null) {
      Instant renewed = Timestamps.parse(lease.path("spec").path("renewTime").asString(""));
      if (renewed != null && renewed.isAfter(best)) {
        best = renewed;
      }
    }
    if (best.equals(Instant.EPOCH)) {
      // never heartbeated: count from its creation, as kube does
      Instant created = Timestamps.parse(ObjectMeta.of(node).creationTimestamp());
      return created == null ? Instant.EPOCH : created;
    }
    return best;
  }

  static String readyStatus(ObjectNode node) {
    return ready(node).path("status").asString("");
  }

  private static JsonNode ready(ObjectNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c;
      }
    }
    return node.path("status").path("none");
  }

  /** The status patch setting every condition to Unknown, Ready with kube's reason and message. */
  static ObjectNode readyUnknown(ObjectNode node, Instant now) {
    ObjectNode patch = Json.object();
    patch.putObject("metadata").put("resourceVersion", ObjectMeta.of(node).resourceVersion());
    ArrayNode conditions = patch.putObject("status").putArray("conditions");
    for (JsonNode c : node.path("status").path("conditions")) {
      ObjectNode copy = (ObjectNode) c.deepCopy();
      if (!c.path("status").asString("").equals("Unknown")) {
        copy.put("status", "Unknown");
        copy.put("reason", "NodeStatusUnknown");
        copy.put("message", "Kubelet stopped posting node status.");
        copy.put("lastTransitionTime", Timestamps.time(now));
      }
      conditions.add(copy);
    }
    return patch;
  }

  static boolean isFinished(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }
}
