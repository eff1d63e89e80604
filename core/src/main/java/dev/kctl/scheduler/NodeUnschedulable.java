package dev.kctl.scheduler;

import dev.kctl.controller.runtime.Taint;
import dev.kctl.controller.runtime.Toleration;
import java.util.Optional;

/**
 * A cordoned node ({@code spec.unschedulable}) takes only pods that tolerate the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint, as kube's NodeUnschedulable plugin.
 */
final class NodeUnschedulable implements FilterPlugin {
  static final String REASON = "node(s) were unschedulable";
  private static final Taint CORDONED = new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE, Optional.empty());

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    if (node.node().path("spec").path("unschedulable").asBoolean(false) && !Toleration.anyTolerates(pod.tolerations(), CORDONED)) {
      return FilterStatus.unresolvable(REASON);
    }
    return FilterStatus.FITS;
  }
}
