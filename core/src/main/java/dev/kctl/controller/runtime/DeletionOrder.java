package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import java.time.Instant;
import java.util.Comparator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which surplus pods go first, after kube's {@code ActivePods} ordering (pkg/controller/
 * controller_utils.go), shortened: unscheduled before scheduled, Pending before Unknown before
 * Running, not ready before ready, then newest first. Losing a pod that does no work yet costs
 * least.
 */
public final class DeletionOrder {
  private DeletionOrder() {}

  /** Orders pods so that the ones to delete first come first. */
  public static final Comparator<ObjectNode> FIRST_TO_DELETE = Comparator
      .comparing((ObjectNode p) -> PodConditions.isScheduled(p))
      .thenComparingInt(DeletionOrder::phaseRank)
      .thenComparing(PodConditions::isReady)
      .thenComparing(DeletionOrder::created, Comparator.reverseOrder())
      .thenComparing(p -> ObjectMeta.of(p).name());

  private static int phaseRank(ObjectNode pod) {
    return switch (pod.path("status").path("phase").asString("")) {
      case "Pending", "" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }

  private static Instant created(ObjectNode pod) {
    Instant at = Timestamps.parse(ObjectMeta.of(pod).creationTimestamp());
    return at == null ? Instant.MAX : at;
  }
}
