package dev.kctl.controller.deployment;

import tools.jackson.databind.node.ObjectNode;

/**
 * How many replicas each ReplicaSet of a Deployment gets in this sync. For now the whole step at
 * once: the new ReplicaSet gets all of {@code spec.replicas} and every old one none, for both
 * strategies. A rolling update that moves in steps bounded by {@link RolloutLimits} changes only
 * this class: the controller applies whatever counts it returns, sync after sync.
 */
final class Rollout {
  private Rollout() {}

  static int newReplicas(ObjectNode deployment) {
    return ReplicaSets.specReplicas(deployment);
  }

  static int oldReplicas(ObjectNode deployment, ObjectNode oldReplicaSet) {
    return 0;
  }
}
