package dev.kctl.controller.nodelifecycle;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the node lifecycle controller reads from Nodes, Leases and Pods, and the merge patches it
 * writes. Patches of lists replace them whole, so each carries the node's resourceVersion: a
 * heartbeat written meanwhile makes it fail with Conflict instead of being lost.
 */
final class NodeHealth {
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";

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

  static boolean hasUnreachableTaint(ObjectNode node) {
    for (JsonNode t : node.path("spec").path("taints")) {
      if (t.path("key").asString("").equals(UNREACHABLE)) {
        return true;
      }
    }
    return false;
  }

  /** When the NoExecute unreachable taint was added. */
  static Optional<Instant> unreachableSince(ObjectNode node) {
    for (JsonNode t : node.path("spec").path("taints")) {
      if (t.path("key").asString("").equals(UNREACHABLE) && t.path("effect").asString("").equals("NoExecute")) {
        return Optional.ofNullable(Timestamps.parse(t.path("timeAdded").asString("")));
      }
    }
    return Optional.empty();
  }

  static ObjectNode withUnreachableTaints(ObjectNode node, Instant now) {
    ObjectNode patch = taintsPatch(node);
    ArrayNode taints = (ArrayNode) patch.path("spec").path("taints");
    taints.addObject().put("key", UNREACHABLE).put("effect", "NoSchedule").put("timeAdded", Timestamps.time(now));
    taints.addObject().put("key", UNREACHABLE).put("effect", "NoExecute").put("timeAdded", Timestamps.time(now));
    return patch;
  }

  static ObjectNode withoutUnreachableTaints(ObjectNode node) {
    ObjectNode patch = taintsPatch(node);
    if (patch.path("spec").path("taints").isEmpty()) {
      ((ObjectNode) patch.path("spec")).putNull("taints");
    }
    return patch;
  }

  /** A patch with the node's taints other than the unreachable ones. */
  private static ObjectNode taintsPatch(ObjectNode node) {
    ObjectNode patch = Json.object();
    patch.putObject("metadata").put("resourceVersion", ObjectMeta.of(node).resourceVersion());
    ArrayNode taints = patch.putObject("spec").putArray("taints");
    for (JsonNode t : node.path("spec").path("taints")) {
      if (!t.path("key").asString("").equals(UNREACHABLE)) {
        taints.add(t.deepCopy());
      }
    }
    return patch;
  }

  static boolean isFinished(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  /**
   * How long the pod stays on an unreachable node: its toleration's seconds, {@code fallback}
   * without a toleration, empty (for ever) with a toleration without seconds.
   */
  static Optional<Duration> toleratedFor(ObjectNode pod, Duration fallback) {
    for (JsonNode t : pod.path("spec").path("tolerations")) {
      String key = t.path("key").asString("");
      String operator = t.path("operator").asString("Equal");
      String effect = t.path("effect").asString("");
      boolean keyMatches = key.equals(UNREACHABLE) || (key.isEmpty() && operator.equals("Exists"));
      if (keyMatches && (effect.isEmpty() || effect.equals("NoExecute"))) {
        return t.path("tolerationSeconds").isIntegralNumber()
            ? Optional.of(Duration.ofSeconds(Math.max(0, t.path("tolerationSeconds").asLong())))
            : Optional.empty();
      }
    }
    return Optional.of(fallback);
  }
}
