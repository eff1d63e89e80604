package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import dev.kctl.controller.runtime.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node and the pods bound (or assumed bound) to it, with what they request in total, and its
 * taints.
 *
 * <p>The taints are the node's {@code spec.taints}, plus the {@code NoSchedule} taint the node
 * lifecycle controller is about to set when the Ready condition is not True and neither the
 * not-ready nor the unreachable taint is there yet: so a node that has just failed takes no pods
 * in the moment before it is tainted, and a node that never reported Ready takes none at all.
 */
record NodeInfo(ObjectNode node, String name, List<PodInfo> pods, Resources allocatable, Resources requested, List<Taint> taints) {
  NodeInfo {
    pods = List.copyOf(pods);
    taints = List.copyOf(taints);
  }

  static NodeInfo of(ObjectNode node, List<PodInfo> pods) {
    Resources requested = pods.stream().map(PodInfo::requests).reduce(Resources.NONE, Resources::plus);
    return new NodeInfo(node, ObjectMeta.of(node).name(), pods, Resources.allocatableOf(node), requested, taints(node));
  }

  private static List<Taint> taints(ObjectNode node) {
    List<Taint> taints = new ArrayList<>(Taint.of(node));
    boolean tainted = taints.stream().anyMatch(t -> t.key().equals(Taint.NOT_READY) || t.key().equals(Taint.UNREACHABLE));
    String ready = readyStatus(node);
    if (!tainted && !ready.equals("True")) {
      taints.add(new Taint(ready.equals("Unknown") ? Taint.UNREACHABLE : Taint.NOT_READY, "", Taint.NO_SCHEDULE, Optional.empty()));
    }
    return taints;
  }

  static String readyStatus(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c.path("status").asString("");
      }
    }
    return "";
  }

  /** The node's label {@code key}, or null. */
  String label(String key) {
    return ObjectMeta.of(node).labels().get(key);
  }
}
