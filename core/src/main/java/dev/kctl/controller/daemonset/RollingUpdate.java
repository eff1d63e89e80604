package dev.kctl.controller.daemonset;

import dev.kctl.api.ObjectMeta;
import dev.kctl.controller.runtime.PodConditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which old pods (another template's hash) a DaemonSet deletes in this step of a rolling update,
 * after kube's rollingUpdate with maxSurge 0: every old pod that is not available anyway, then
 * available ones while fewer than {@code maxUnavailable} nodes lack an available pod. The
 * OnDelete strategy deletes none.
 */
final class RollingUpdate {
  private RollingUpdate() {}

  static List<ObjectNode> oldPodsToDelete(ObjectNode ds, String hash, Set<String> eligible,
      Map<String, List<ObjectNode>> byNode, Instant now) {
    JsonNode strategy = ds.path("spec").path("updateStrategy");
    List<ObjectNode> out = new ArrayList<>();
    if (strategy.path("type").asString("RollingUpdate").equals("OnDelete")) {
      return out;
    }
    Duration minReady = Duration.ofSeconds(ds.path("spec").path("minReadySeconds").asLong(0));
    int maxUnavailable = maxUnavailable(strategy.path("rollingUpdate").path("maxUnavailable"), eligible.size());
    int unavailable = 0;
    List<ObjectNode> oldAvailable = new ArrayList<>();
    for (String node : eligible) {
      List<ObjectNode> here = byNode.getOrDefault(node, List.of());
      boolean isAvailable = here.stream().anyMatch(p -> PodConditions.isAvailable(p, minReady, now));
      if (!isAvailable) {
        unavailable++;
      }
      for (ObjectNode pod : here) {
        if (hash.equals(ObjectMeta.of(pod).labels().get(DaemonSetController.HASH_LABEL))) {
          continue;
        }
        if (PodConditions.isAvailable(pod, minReady, now)) {
          oldAvailable.add(pod);
        } else {
          out.add(pod);
        }
      }
    }
    for (ObjectNode pod : oldAvailable) {
      if (unavailable >= maxUnavailable) {
        break;
      }
      out.add(pod);
      unavailable++;
    }
    return out;
  }

  /** An IntOrString of the number of nodes, a percentage rounded up as kube does for DaemonSets; at least 1. */
  static int maxUnavailable(JsonNode value, int nodes) {
    int resolved;
    if (value.isNumber()) {
      resolved = value.asInt();
    } else if (value.asString("").endsWith("%")) {
      String text = value.asString("");
      long percent = Long.parseLong(text.substring(0, text.length() - 1));
      resolved = (int) ((percent * nodes + 99) / 100);
    } else if (!value.asString("").isEmpty()) {
      resolved = Integer.parseInt(value.asString(""));
    } else {
      resolved = 1;
    }
    return Math.max(1, resolved);
  }
}
