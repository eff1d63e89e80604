package dev.kctl.scheduler;

import dev.kctl.api.Quantity;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The node has room for one more pod ({@code status.allocatable.pods}) and the pod's CPU and memory
 * requests fit in what the node can allocate, after the requests of the pods already on it. A
 * resource the node does not report is not checked. Removing pods could make room, so this is
 * an {@link FilterStatus.Unschedulable}.
 */
final class NodeResourcesFit implements FilterPlugin {
  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    List<String> reasons = new ArrayList<>();
    JsonNode podsAllowed = node.node().path("status").path("allocatable").path("pods");
    if (podsAllowed.isValueNode() && node.pods().size() + 1 > Quantity.parse(podsAllowed.asString()).value()) {
      reasons.add("Too many pods");
    }
    if (!fits(pod.requests().milliCpu(), node.requested().milliCpu(), node.allocatable().milliCpu())) {
      reasons.add("Insufficient cpu");
    }
    if (!fits(pod.requests().memory(), node.requested().memory(), node.allocatable().memory())) {
      reasons.add("Insufficient memory");
    }
    return reasons.isEmpty() ? FilterStatus.FITS : new FilterStatus.Unschedulable(reasons);
  }

  private static boolean fits(long request, long used, long allocatable) {
    return request == 0 || allocatable == Resources.UNKNOWN || used + request <= allocatable;
  }
}
