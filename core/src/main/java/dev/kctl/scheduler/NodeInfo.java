package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A node and the pods bound (or assumed bound) to it, with what they request in total. */
record NodeInfo(ObjectNode node, String name, List<PodInfo> pods, Resources allocatable, Resources requested) {
  NodeInfo {
    pods = List.copyOf(pods);
  }

  static NodeInfo of(ObjectNode node, List<PodInfo> pods) {
    Resources requested = pods.stream().map(PodInfo::requests).reduce(Resources.NONE, Resources::plus);
    return new NodeInfo(node, ObjectMeta.of(node).name(), pods, Resources.allocatableOf(node), requested);
  }
}
