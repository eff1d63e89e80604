package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta.OwnerReference;
import java.util.List;
import java.util.Optional;

/**
 * Spreads the pods of one controller (e.g. one ReplicaSet) across nodes: the fewer of its pods a
 * node already runs, the higher it scores, relative to the busiest node. Pods without a
 * controller score every node alike.
 */
final class OwnerSpread implements ScorePlugin {
  @Override
  public List<Integer> score(PodInfo pod, List<NodeInfo> nodes) {
    Optional<String> owner = pod.meta().controller().map(OwnerReference::uid);
    if (owner.isEmpty()) {
      return nodes.stream().map(n -> MAX_SCORE).toList();
    }
    List<Long> counts = nodes.stream()
        .map(n -> n.pods().stream().filter(p -> p.meta().controller().map(OwnerReference::uid).equals(owner)).count())
        .toList();
    long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
    return counts.stream().map(c -> max == 0 ? MAX_SCORE : (int) ((max - c) * MAX_SCORE / max)).toList();
  }
}
