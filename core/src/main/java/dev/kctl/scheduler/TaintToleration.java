package dev.kctl.scheduler;

import dev.kctl.controller.runtime.Taint;
import dev.kctl.controller.runtime.Toleration;
import java.util.List;

/**
 * Taints and tolerations, as kube's TaintToleration plugin. Filter: the pod must tolerate every
 * {@code NoSchedule} and {@code NoExecute} taint of the node; the first one it does not is the
 * reason, e.g. {@code node(s) had untolerated taint {node.kubernetes.io/unreachable: }}. Score:
 * the fewer {@code PreferNoSchedule} taints the pod does not tolerate, the better, counting only
 * its tolerations for that effect (or for every effect).
 */
final class TaintToleration implements FilterPlugin, ScorePlugin {
  /** kube-scheduler's default weight for this plugin's score. */
  private static final int WEIGHT = 3;

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    return Toleration.firstUntolerated(node.taints(), pod.tolerations(),
            t -> t.effect().equals(Taint.NO_SCHEDULE) || t.effect().equals(Taint.NO_EXECUTE))
        .map(t -> FilterStatus.unresolvable("node(s) had untolerated taint {%s: %s}".formatted(t.key(), t.value())))
        .orElse(FilterStatus.FITS);
  }

  @Override
  public List<Integer> score(PodInfo pod, List<NodeInfo> nodes) {
    List<Toleration> preferring = pod.tolerations().stream()
        .filter(t -> t.effect().isEmpty() || t.effect().equals(Taint.PREFER_NO_SCHEDULE))
        .toList();
    List<Long> intolerable = nodes.stream()
        .map(n -> n.taints().stream()
            .filter(t -> t.effect().equals(Taint.PREFER_NO_SCHEDULE))
            .filter(t -> !Toleration.anyTolerates(preferring, t))
            .count())
        .toList();
    long max = intolerable.stream().mapToLong(Long::longValue).max().orElse(0);
    return intolerable.stream().map(c -> max == 0 ? MAX_SCORE : (int) (MAX_SCORE - c * MAX_SCORE / max)).toList();
  }

  @Override
  public int weight() {
    return WEIGHT;
  }
}
