package dev.kctl.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The pod's CPU and memory requests fit in what the node can allocate, after the requests of the
 * pods already on it. A resource the node does not report is not checked.
 */
final class NodeResourcesFit implements FilterPlugin {
  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    List<String> reasons = new ArrayList<>();
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
