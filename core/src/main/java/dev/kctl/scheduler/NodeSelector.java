package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import java.util.Map;

/** Every label of the pod's {@code spec.nodeSelector} is on the node, with that value. */
final class NodeSelector implements FilterPlugin {
  static final String MISMATCH = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    Map<String, String> labels = ObjectMeta.of(node.node()).labels();
    return labels.entrySet().containsAll(pod.nodeSelector().entrySet())
        ? FilterStatus.FITS
        : FilterStatus.unschedulable(MISMATCH);
  }
}
