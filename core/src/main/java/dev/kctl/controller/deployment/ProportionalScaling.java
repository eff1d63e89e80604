package dev.kctl.controller.deployment;

import dev.kctl.api.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a change of a Deployment's {@code spec.replicas} reaches its ReplicaSets outside a rollout
 * step, after kube's {@code DeploymentController.scale} (pkg/controller/deployment/sync.go):
 * while paused, and whenever a ReplicaSet with pods was sized for another replica count (its
 * {@code deployment.kubernetes.io/desired-replicas} annotation differs).
 *
 * <p>One ReplicaSet with pods (or none: the newest) takes the whole count. A new ReplicaSet that
 * is saturated (all desired pods, all available) takes it and the old ones go to zero. Otherwise,
 * with the RollingUpdate strategy, the change is spread proportionally: each ReplicaSet with pods
 * grows or shrinks by its share of the new maximum ({@code replicas + maxSurge}) relative to the
 * maximum it was sized for ({@code deployment.kubernetes.io/max-replicas}), rounded; what
 * rounding leaves over goes to the largest (ties: the newest when growing, the oldest when
 * shrinking).
 *
 * <p>Worked example: 10 replicas, maxSurge 3, mid-rollout with the old ReplicaSet at 8 and the new
 * at 5 (13 = the old maximum). Scaled to 20 (maximum 23, 10 to add): old 8 * 23/13 = 14.15, so +6;
 * new 5 * 23/13 = 8.85, so +4: 14 and 9.
 */
final class ProportionalScaling {
  private ProportionalScaling() {}

  /** Whether a ReplicaSet with pods was sized for another replica count than the Deployment's. */
  static boolean isScalingEvent(ObjectNode d, List<ObjectNode> all) {
    String desired = Integer.toString(ReplicaSets.specReplicas(d));
    return all.stream()
        .filter(rs -> ReplicaSets.specReplicas(rs) > 0)
        .map(rs -> ObjectMeta.of(rs).annotations().get(ReplicaSets.DESIRED_REPLICAS))
        .anyMatch(annotated -> annotated != null && !annotated.equals(desired));
  }

  /**
   * The new size of each ReplicaSet to scale, by name, in the order to scale them.
   *
   * @param newRs the ReplicaSet of the current template, or null
   * @param old the others
   */
  static Map<String, Integer> sizes(ObjectNode d, ObjectNode newRs, List<ObjectNode> old, RolloutLimits limits) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    int replicas = ReplicaSets.specReplicas(d);
    List<ObjectNode> all = new ArrayList<>(old);
    if (newRs != null) {
      all.add(newRs);
    }
    List<ObjectNode> active = all.stream().filter(rs -> ReplicaSets.specReplicas(rs) > 0).toList();
    Optional<ObjectNode> single = active.size() == 1 ? Optional.of(active.getFirst())
        : active.isEmpty() ? newest(newRs, old) : Optional.empty();
    if (single.isPresent() || active.isEmpty()) {
      single.filter(rs -> ReplicaSets.specReplicas(rs) != replicas).ifPresent(rs -> sizes.put(name(rs), replicas));
      return sizes;
    }
    if (saturated(d, newRs)) {
      active.stream().filter(rs -> rs != newRs).forEach(rs -> sizes.put(name(rs), 0));
      return sizes;
    }
    int allowed = replicas > 0 ? replicas + limits.maxSurge() : 0;
    int toAdd = allowed - active.stream().mapToInt(ReplicaSets::specReplicas).sum();
    if (toAdd == 0 || d.path("spec").path("strategy").path("type").asString("RollingUpdate").equals("Recreate")) {
      // sizes stay; scaling to the same size still stamps the current counts on them, which ends the scaling event
      active.forEach(rs -> sizes.put(name(rs), ReplicaSets.specReplicas(rs)));
      return sizes;
    }
    Comparator<ObjectNode> bySize = Comparator.comparingInt(ReplicaSets::specReplicas).reversed();
    Comparator<ObjectNode> byAge = Comparator.comparing((ObjectNode rs) -> ObjectMeta.of(rs).creationTimestamp())
        .thenComparing(ProportionalScaling::name);
    List<ObjectNode> ordered = active.stream()
        .sorted(bySize.thenComparing(toAdd > 0 ? byAge.reversed() : byAge))
        .toList();
    int added = 0;
    for (ObjectNode rs : ordered) {
      int share = proportion(rs, d, toAdd, added, allowed);
      sizes.put(name(rs), ReplicaSets.specReplicas(rs) + share);
      added += share;
    }
    String largest = name(ordered.getFirst());
    sizes.put(largest, Math.max(0, sizes.get(largest) + toAdd - added));
    return sizes;
  }

  /** kube's GetReplicaSetProportion: the ReplicaSet's rounded share, within what is left to add. */
  private static int proportion(ObjectNode rs, ObjectNode d, int toAdd, int added, int allowed) {
    int size = ReplicaSets.specReplicas(rs);
    if (size == 0 || toAdd == added) {
      return 0;
    }
    int fraction;
    if (ReplicaSets.specReplicas(d) == 0) {
      fraction = -size;
    } else {
      int before = annotatedMax(rs).orElse(0);
      if (before == 0) {
        before = d.path("status").path("replicas").asInt(0);
      }
      fraction = before == 0 ? 0 : (int) Math.round((double) size * allowed / before) - size;
    }
    int left = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
  }

  private static Optional<Integer> annotatedMax(ObjectNode rs) {
    try {
      return Optional.ofNullable(ObjectMeta.of(rs).annotations().get(ReplicaSets.MAX_REPLICAS)).map(Integer::parseInt);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** All desired pods, sized for the current count, and all available. */
  private static boolean saturated(ObjectNode d, ObjectNode newRs) {
    int replicas = ReplicaSets.specReplicas(d);
    return newRs != null && ReplicaSets.specReplicas(newRs) == replicas
        && Integer.toString(replicas).equals(ObjectMeta.of(newRs).annotations().get(ReplicaSets.DESIRED_REPLICAS))
        && ReplicaSets.status(newRs, "availableReplicas") == replicas;
  }

  private static Optional<ObjectNode> newest(ObjectNode newRs, List<ObjectNode> old) {
    if (newRs != null) {
      return Optional.of(newRs);
    }
    return old.stream().max(Comparator.comparing((ObjectNode rs) -> ObjectMeta.of(rs).creationTimestamp())
        .thenComparing(ProportionalScaling::name));
  }

  private static String name(ObjectNode rs) {
    return ObjectMeta.of(rs).name();
  }
}
