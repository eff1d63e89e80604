package dev.kctl.controller.deployment;

import dev.kctl.api.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arithmetic of a rolling update, after kube's {@code NewRSNewReplicas} and
 * {@code reconcileOldReplicaSets} (pkg/controller/deployment/rolling.go and util): the new
 * ReplicaSet grows while the total stays within {@code replicas + maxSurge}; old ReplicaSets shrink
 * while the available pods stay at least {@code replicas - maxUnavailable}, their unavailable pods
 * first.
 *
 * <p>Worked example, 10 replicas, maxSurge 1, maxUnavailable 1: the new ReplicaSet goes 0 to 1 (11
 * pods). With its pod not yet available, the old one may lose one pod (10 available, 9 needed):
 * 10 to 9. Once the new pod is available the new ReplicaSet goes to 2, then the old to 8, and so
 * on: never more than 11 pods, never fewer than 9 available.
 *
 * <p>Availability is read from ReplicaSet status and counted at most {@code spec.replicas} per
 * ReplicaSet: right after a scale-down the status may still count the pods being removed, and
 * trusting it would let two scale-downs in a row go below the minimum.
 */
final class Rollout {
  private Rollout() {}

  /** The new ReplicaSet's replicas in this step of a rolling update. */
  static int newReplicas(ObjectNode deployment, List<ObjectNode> all, ObjectNode newRs) {
    int desired = ReplicaSets.specReplicas(deployment);
    int current = ReplicaSets.specReplicas(newRs);
    if (current >= desired) {
      return desired;
    }
    int maxTotal = desired + RolloutLimits.of(deployment).maxSurge();
    int total = all.stream().mapToInt(Rollout::pods).sum();
    if (total >= maxTotal) {
      return current;
    }
    return current + Math.min(maxTotal - total, desired - current);
  }

  /**
   * The old ReplicaSets to scale down in this step, by name, with their new replicas; empty when
   * none may shrink yet.
   *
   * @param oldOldestFirst the Deployment's other ReplicaSets, oldest first
   */
  static Map<String, Integer> oldReplicas(ObjectNode deployment, List<ObjectNode> all, ObjectNode newRs, List<ObjectNode> oldOldestFirst) {
    Map<String, Integer> targets = new LinkedHashMap<>();
    int oldPods = oldOldestFirst.stream().mapToInt(ReplicaSets::specReplicas).sum();
    if (oldPods == 0) {
      return targets;
    }
    int allPods = all.stream().mapToInt(ReplicaSets::specReplicas).sum();
    int minAvailable = ReplicaSets.specReplicas(deployment) - RolloutLimits.of(deployment).maxUnavailable();
    int newUnavailable = newRs == null ? 0 : ReplicaSets.specReplicas(newRs) - available(newRs);
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return targets;
    }
    // first the pods that do no work anyway: the unavailable ones of old ReplicaSets
    int cleaned = 0;
    for (ObjectNode rs : oldOldestFirst) {
      int replicas = ReplicaSets.specReplicas(rs);
      int unhealthy = replicas - available(rs);
      if (cleaned >= maxScaledDown || replicas == 0 || unhealthy <= 0) {
        continue;
      }
      int down = Math.min(maxScaledDown - cleaned, unhealthy);
      targets.put(name(rs), replicas - down);
      cleaned += down;
    }
    // then available ones, as far as the minimum allows
    int availableAll = all.stream().mapToInt(Rollout::available).sum();
    int allowed = availableAll - minAvailable;
    int done = 0;
    for (ObjectNode rs : oldOldestFirst) {
      int replicas = targets.getOrDefault(name(rs), ReplicaSets.specReplicas(rs));
      if (done >= allowed) {
        break;
      }
      if (replicas == 0) {
        continue;
      }
      int down = Math.min(replicas, allowed - done);
      targets.put(name(rs), replicas - down);
      done += down;
    }
    return targets;
  }

  /**
   * The pods a ReplicaSet holds or is about to hold: its {@code spec.replicas}, or more while a
   * scale-down is not carried out yet ({@code status.replicas} still counts the pods it will
   * delete). Counting those keeps the real number of pods within {@code replicas + maxSurge}.
   */
  private static int pods(ObjectNode rs) {
    return Math.max(ReplicaSets.specReplicas(rs), ReplicaSets.status(rs, "replicas"));
  }

  /** Available pods of a ReplicaSet, counted at most its {@code spec.replicas}. */
  static int available(ObjectNode rs) {
    return Math.min(ReplicaSets.status(rs, "availableReplicas"), ReplicaSets.specReplicas(rs));
  }

  private static String name(ObjectNode rs) {
    return ObjectMeta.of(rs).name();
  }
}
