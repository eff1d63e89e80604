package dev.kctl.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RolloutTest {
  private static ObjectNode deployment(int replicas, String surge, String unavailable) {
    return Json.parseObject("""
        {"spec": {"replicas": %d, "strategy": {"type": "RollingUpdate",
                  "rollingUpdate": {"maxSurge": %s, "maxUnavailable": %s}}}}""".formatted(replicas, surge, unavailable));
  }

  private static ObjectNode rs(String name, int replicas, int available) {
    return Json.parseObject("""
        {"metadata": {"name": "%s"}, "spec": {"replicas": %d}, "status": {"availableReplicas": %d}}""".formatted(name, replicas, available));
  }

  @Test
  void percentagesRoundSurgeUpAndUnavailableDown() {
    assertThat(RolloutLimits.of(deployment(10, "\"25%\"", "\"25%\""))).isEqualTo(new RolloutLimits(3, 2));
    assertThat(RolloutLimits.of(deployment(3, "\"10%\"", "\"10%\""))).isEqualTo(new RolloutLimits(1, 0));
    assertThat(RolloutLimits.of(deployment(3, "0", "0"))).isEqualTo(new RolloutLimits(0, 1));
  }

  @Test
  void newReplicaSetGrowsOnlyWithinSurge() {
    ObjectNode d = deployment(10, "1", "1");
    ObjectNode old = rs("old", 10, 10);
    ObjectNode fresh = rs("new", 0, 0);
    assertThat(Rollout.newReplicas(d, List.of(old, fresh), fresh)).isEqualTo(1);
    ObjectNode grown = rs("new", 1, 0);
    assertThat(Rollout.newReplicas(d, List.of(old, grown), grown)).isEqualTo(1);
    ObjectNode shrunk = rs("old", 9, 9);
    assertThat(Rollout.newReplicas(d, List.of(shrunk, grown), grown)).isEqualTo(2);
  }

  @Test
  void oldReplicaSetsShrinkOnlyWhileEnoughPodsStayAvailable() {
    ObjectNode d = deployment(10, "1", "1");
    ObjectNode fresh = rs("new", 1, 0);
    ObjectNode old = rs("old", 10, 10);
    assertThat(Rollout.oldReplicas(d, List.of(old, fresh), fresh, List.of(old))).containsExactly(java.util.Map.entry("old", 9));

    // status still counting the pod being removed must not allow a second step
    ObjectNode stale = rs("old", 9, 10);
    assertThat(Rollout.oldReplicas(d, List.of(stale, fresh), fresh, List.of(stale))).isEmpty();
  }

  @Test
  void unavailableOldPodsGoFirst() {
    ObjectNode d = deployment(4, "0", "1");
    ObjectNode fresh = rs("new", 0, 0);
    ObjectNode older = rs("older", 2, 2);
    ObjectNode broken = rs("broken", 2, 0);
    assertThat(Rollout.oldReplicas(d, List.of(older, broken, fresh), fresh, List.of(older, broken)))
        .containsEntry("broken", 1).doesNotContainKey("older");
  }

  @Test
  void simulatedRolloutNeverDropsBelowMinimumNorAboveSurge() {
    ObjectNode d = deployment(10, "1", "1");
    ObjectNode old = rs("old", 10, 10);
    ObjectNode fresh = rs("new", 0, 0);
    for (int step = 0; step < 100 && (ReplicaSets.specReplicas(old) > 0 || ReplicaSets.specReplicas(fresh) < 10); step++) {
      int grown = Rollout.newReplicas(d, List.of(old, fresh), fresh);
      // pods become available one step after they are asked for
      fresh = rs("new", grown, ReplicaSets.specReplicas(fresh));
      if (grown == ReplicaSets.specReplicas(fresh) && step > 0) {
        Integer target = Rollout.oldReplicas(d, List.of(old, fresh), fresh, List.of(old)).get("old");
        if (target != null) {
          old = rs("old", target, target);
        }
      }
      int available = Rollout.available(old) + Rollout.available(fresh);
      assertThat(available).isGreaterThanOrEqualTo(9);
      assertThat(ReplicaSets.specReplicas(old) + ReplicaSets.specReplicas(fresh)).isLessThanOrEqualTo(11);
    }
    assertThat(ReplicaSets.specReplicas(old)).isZero();
    assertThat(ReplicaSets.specReplicas(fresh)).isEqualTo(10);
  }
}
