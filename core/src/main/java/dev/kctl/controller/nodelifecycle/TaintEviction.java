package dev.kctl.controller.nodelifecycle;

import dev.kctl.controller.runtime.Taint;
import dev.kctl.controller.runtime.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a pod must leave a node because of the node's {@code NoExecute} taints, as kube's taint
 * eviction controller decides: at once for a taint none of its tolerations tolerates; for a
 * tolerated taint, when the taint was added plus the shortest {@code tolerationSeconds} among the
 * tolerations that match it; never when those tolerations have no seconds. The earliest of these
 * over all the taints wins.
 */
final class TaintEviction {
  private TaintEviction() {}

  /**
   * @param taints the node's taints (only NoExecute ones count)
   * @param addedAt when each taint was added
   * @return when to evict, or empty for never
   */
  static Optional<Instant> due(List<Taint> taints, List<Toleration> tolerations, Function<Taint, Instant> addedAt) {
    Optional<Instant> earliest = Optional.empty();
    for (Taint taint : taints) {
      if (!taint.effect().equals(Taint.NO_EXECUTE)) {
        continue;
      }
      List<Toleration> matching = tolerations.stream().filter(t -> t.tolerates(taint)).toList();
      Optional<Instant> due = matching.isEmpty()
          ? Optional.of(Instant.MIN)
          : matching.stream().flatMap(t -> t.seconds().stream()).min(Duration::compareTo).map(addedAt.apply(taint)::plus);
      if (due.isPresent() && (earliest.isEmpty() || due.get().isBefore(earliest.get()))) {
        earliest = due;
      }
    }
    return earliest;
  }
}
