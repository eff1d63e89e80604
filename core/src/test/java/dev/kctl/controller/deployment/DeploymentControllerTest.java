package dev.kctl.controller.deployment;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.PodTemplateHash;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DeploymentControllerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final InformerFixture informers = new InformerFixture(client);
  private DeploymentController controller;

  @BeforeEach
  void startController() {
    controller = new DeploymentController(client, informers.informer(DEPLOYMENTS), informers.informer(REPLICASETS), informers.informer(PODS), clock);
    informers.start();
    client.create(DEPLOYMENTS, "default", Json.parseObject("""
        {"metadata": {"name": "tomcat", "annotations": {"kubernetes.io/change-cause": "first"}},
         "spec": {"replicas": 2,
                  "selector": {"matchLabels": {"app": "tomcat"}},
                  "template": {"metadata": {"labels": {"app": "tomcat"}},
                               "spec": {"containers": [{"name": "tomcat", "image": "tomcat:9"}]}}}}
        """));
  }

  @AfterEach
  void stop() {
    informers.close();
    controller.queue().close();
  }

  private void reconcile() {
    informers.awaitCaughtUp();
    controller.reconcile("default/tomcat");
  }

  private ObjectNode deployment() {
    return client.get(DEPLOYMENTS, "default", "tomcat");
  }

  private List<ObjectNode> replicaSets() {
    return client.all(REPLICASETS);
  }

  private static JsonNode condition(ObjectNode object, String type) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (c.path("type").asString().equals(type)) {
        return c;
      }
    }
    throw new AssertionError("no condition " + type + " in " + object.path("status"));
  }

  @Test
  void deploymentCreatesReplicaSetWithTemplateHash() {
    reconcile();

    String hash = PodTemplateHash.of(deployment().path("spec").path("template"), -1);
    assertThat(replicaSets()).singleElement().satisfies(rs -> {
      ObjectMeta meta = ObjectMeta.of(rs);
      assertThat(meta.name()).isEqualTo("tomcat-" + hash);
      assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
      assertThat(meta.labels()).containsEntry("app", "tomcat").containsEntry("pod-template-hash", hash);
      assertThat(meta.annotations())
          .containsEntry("deployment.kubernetes.io/revision", "1")
          .containsEntry("deployment.kubernetes.io/desired-replicas", "2")
          .containsEntry("deployment.kubernetes.io/max-replicas", "3")
          .containsEntry("kubernetes.io/change-cause", "first");
      assertThat(meta.controller()).hasValueSatisfying(ref -> assertThat(ref.kind()).isEqualTo("Deployment"));
      assertThat(rs.path("metadata").path("ownerReferences").get(0).path("blockOwnerDeletion").asBoolean()).isTrue();
      assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(2);
      assertThat(rs.path("spec").path("selector").path("matchLabels").path("pod-template-hash").asString()).isEqualTo(hash);
      assertThat(rs.path("spec").path("template").path("metadata").path("labels").path("pod-template-hash").asString()).isEqualTo(hash);
    });
    assertThat(client.eventMessages("ScalingReplicaSet")).containsExactly("Scaled up replica set tomcat-" + hash + " from 0 to 2");
    ObjectNode d = deployment();
    assertThat(ObjectMeta.of(d).annotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(condition(d, "Progressing").path("reason").asString()).isEqualTo("NewReplicaSetCreated");
    assertThat(condition(d, "Progressing").path("message").asString()).isEqualTo("Created new replica set \"tomcat-" + hash + "\"");
    assertThat(condition(d, "Available").path("status").asString()).isEqualTo("False");
    assertThat(d.path("status").path("observedGeneration").asLong()).isEqualTo(1);
  }

  @Test
  void reconcilingAgainChangesNothing() {
    reconcile();
    reconcile();
    client.clearActions();

    reconcile();

    assertThat(client.actions()).isEmpty();
    assertThat(replicaSets()).hasSize(1);
  }

  /** A perfect cluster: every ReplicaSet's pods are all available at once. */
  private void makeAllAvailable() {
    informers.awaitCaughtUp();
    for (ObjectNode rs : replicaSets()) {
      int replicas = rs.path("spec").path("replicas").asInt();
      if (rs.path("status").path("availableReplicas").asInt(-1) != replicas) {
        rs.set("status", Json.parseObject("""
            {"replicas": %d, "readyReplicas": %d, "availableReplicas": %d, "observedGeneration": 1}""".formatted(replicas, replicas, replicas)));
        client.updateStatus(REPLICASETS, rs);
      }
    }
  }

  /** Reconciles until nothing changes any more, with pods available as soon as they exist. */
  private void settle() {
    for (int i = 0; i < 20; i++) {
      makeAllAvailable();
      client.clearActions();
      reconcile();
      if (client.actions().stream().noneMatch(a -> a.contains("replicasets") || a.startsWith("update deployments"))) {
        return;
      }
    }
    throw new AssertionError("rollout did not settle: " + client.actions());
  }

  private void changeImage(String image) {
    ObjectNode changed = deployment();
    ((ObjectNode) changed.path("spec").path("template").path("spec").path("containers").get(0)).put("image", image);
    client.update(DEPLOYMENTS, changed);
  }

  private int replicasOf(String name) {
    return client.get(REPLICASETS, "default", name).path("spec").path("replicas").asInt();
  }

  @Test
  void newTemplateRollsOutInStepsWithinSurge() {
    settle();
    String oldName = ObjectMeta.of(replicaSets().get(0)).name();
    changeImage("tomcat:10");

    reconcile(); // 2 replicas at 25%: surge 1, unavailable 0
    ObjectNode fresh = replicaSets().stream().filter(rs -> !ObjectMeta.of(rs).name().equals(oldName)).findFirst().orElseThrow();
    String newName = ObjectMeta.of(fresh).name();
    assertThat(replicasOf(newName)).isEqualTo(1);
    assertThat(replicasOf(oldName)).isEqualTo(2);
    assertThat(ObjectMeta.of(fresh).annotations()).containsEntry("deployment.kubernetes.io/revision", "2");

    reconcile(); // the new pod is not available yet: nothing may go
    assertThat(replicasOf(oldName)).isEqualTo(2);

    settle();
    assertThat(replicasOf(oldName)).isZero();
    assertThat(replicasOf(newName)).isEqualTo(2);
    assertThat(client.eventMessages("ScalingReplicaSet")).containsExactly(
        "Scaled up replica set " + oldName + " from 0 to 2",
        "Scaled up replica set " + newName + " from 0 to 1",
        "Scaled down replica set " + oldName + " from 2 to 1",
        "Scaled up replica set " + newName + " from 1 to 2",
        "Scaled down replica set " + oldName + " from 1 to 0");
    assertThat(ObjectMeta.of(deployment()).annotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    assertThat(deployment().path("status").path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(condition(deployment(), "Progressing").path("reason").asString()).isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void rollingBackToAnOldTemplateReusesItsReplicaSetAsTheNextRevision() {
    settle();
    String firstName = ObjectMeta.of(replicaSets().get(0)).name();
    changeImage("tomcat:10");
    settle();

    changeImage("tomcat:9");
    settle();

    assertThat(replicaSets()).hasSize(2);
    ObjectNode first = client.get(REPLICASETS, "default", firstName);
    assertThat(first.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(ObjectMeta.of(first).annotations())
        .containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(ObjectMeta.of(deployment()).annotations()).containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @Test
  void recreateScalesOldToZeroAndStartsTheNewOnlyWhenOldPodsAreGone() {
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).putObject("strategy").put("type", "Recreate");
    client.update(DEPLOYMENTS, d);
    settle();
    ObjectNode old = replicaSets().get(0);
    ObjectNode pod = Json.parseObject("""
        {"metadata": {"name": "tomcat-old-1"}, "spec": {}, "status": {"phase": "Running"}}""");
    ((ObjectNode) pod.path("metadata")).putArray("ownerReferences").add(dev.kctl.controller.runtime.ControllerRefs.ownerReference(old));
    client.create(PODS, "default", pod);
    changeImage("tomcat:10");

    reconcile();
    assertThat(replicasOf(ObjectMeta.of(old).name())).isZero();
    assertThat(replicaSets()).hasSize(1);

    client.delete(PODS, "default", "tomcat-old-1");
    reconcile();
    assertThat(replicaSets()).hasSize(2).anySatisfy(rs -> {
      assertThat(ObjectMeta.of(rs).name()).isNotEqualTo(ObjectMeta.of(old).name());
      assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(2);
    });
  }

  @Test
  void pausedDeploymentStartsNoRolloutUntilResumed() {
    settle();
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).put("paused", true);
    client.update(DEPLOYMENTS, d);
    changeImage("tomcat:10");

    reconcile();
    assertThat(replicaSets()).hasSize(1);
    assertThat(condition(deployment(), "Progressing").path("reason").asString()).isEqualTo("DeploymentPaused");
    assertThat(condition(deployment(), "Progressing").path("status").asString()).isEqualTo("Unknown");

    ObjectNode resumed = deployment();
    ((ObjectNode) resumed.path("spec")).put("paused", false);
    client.update(DEPLOYMENTS, resumed);
    reconcile();
    assertThat(replicaSets()).hasSize(2);
  }

  @Test
  void rolloutWithoutProgressPastTheDeadlineIsReportedAsExceeded() {
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).put("progressDeadlineSeconds", 60);
    client.update(DEPLOYMENTS, d);
    reconcile();
    assertThat(condition(deployment(), "Progressing").path("status").asString()).isEqualTo("True");

    clock.advance(java.time.Duration.ofSeconds(61));
    reconcile();

    JsonNode progressing = condition(deployment(), "Progressing");
    assertThat(progressing.path("status").asString()).isEqualTo("False");
    assertThat(progressing.path("reason").asString()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(progressing.path("message").asString()).matches("ReplicaSet \"tomcat-.+\" has timed out progressing\\.");
  }

  @Test
  void statusSumsReplicaSetsAndReportsCompletion() {
    reconcile();
    ObjectNode rs = replicaSets().get(0);
    rs.set("status", Json.parseObject("""
        {"replicas": 2, "readyReplicas": 2, "availableReplicas": 2, "fullyLabeledReplicas": 2, "observedGeneration": 1}"""));
    client.updateStatus(REPLICASETS, rs);

    reconcile();

    ObjectNode status = (ObjectNode) deployment().path("status");
    assertThat(status.path("replicas").asInt()).isEqualTo(2);
    assertThat(status.path("updatedReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("unavailableReplicas").asInt()).isZero();
    assertThat(condition(deployment(), "Available").path("reason").asString()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(deployment(), "Available").path("message").asString()).isEqualTo("Deployment has minimum availability.");
    assertThat(condition(deployment(), "Progressing").path("reason").asString()).isEqualTo("NewReplicaSetAvailable");
    assertThat(condition(deployment(), "Progressing").path("message").asString())
        .isEqualTo("ReplicaSet \"" + ObjectMeta.of(rs).name() + "\" has successfully progressed.");
  }

  @Test
  void deletedDeploymentIsIgnored() {
    controller.reconcile("default/gone");
    assertThat(replicaSets()).isEmpty();
  }

  /** Ten replicas at most 3 above, none below, settled; then a new template one step in: old 10, new 3. */
  private String[] midRollout() {
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).put("replicas", 10).set("strategy", Json.parse("""
        {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 0}}"""));
    client.update(DEPLOYMENTS, d);
    settle();
    String oldName = ObjectMeta.of(replicaSets().get(0)).name();
    changeImage("tomcat:10");
    reconcile();
    String newName = replicaSets().stream().map(rs -> ObjectMeta.of(rs).name()).filter(n -> !n.equals(oldName)).findFirst().orElseThrow();
    assertThat(replicasOf(oldName)).isEqualTo(10);
    assertThat(replicasOf(newName)).isEqualTo(3);
    return new String[] {oldName, newName};
  }

  private void scaleTo(int replicas) {
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).put("replicas", replicas);
    client.update(DEPLOYMENTS, d);
  }

  @Test
  void scalingInTheMiddleOfARolloutSpreadsTheChangeProportionally() {
    String[] names = midRollout();
    client.clearActions();

    scaleTo(20); // at most 23 where there were at most 13: 10 more, 10*23/13 and 3*23/13, rounded
    reconcile();

    assertThat(replicasOf(names[0])).isEqualTo(18);
    assertThat(replicasOf(names[1])).isEqualTo(5);
    assertThat(client.eventMessages("ScalingReplicaSet")).endsWith(
        "Scaled up replica set " + names[0] + " from 10 to 18", "Scaled up replica set " + names[1] + " from 3 to 5");
    for (String name : names) {
      assertThat(ObjectMeta.of(client.get(REPLICASETS, "default", name)).annotations())
          .containsEntry("deployment.kubernetes.io/desired-replicas", "20")
          .containsEntry("deployment.kubernetes.io/max-replicas", "23");
    }

    settle(); // then the rollout goes on at the new size
    assertThat(replicasOf(names[0])).isZero();
    assertThat(replicasOf(names[1])).isEqualTo(20);
  }

  @Test
  void scalingWhilePausedScalesTheReplicaSetsWithoutGoingOnWithTheRollout() {
    String[] names = midRollout();
    ObjectNode d = deployment();
    ((ObjectNode) d.path("spec")).put("paused", true);
    client.update(DEPLOYMENTS, d);

    scaleTo(4); // at most 7 where there were 13: 6 fewer, the larger one first
    reconcile();
    assertThat(replicasOf(names[0])).isEqualTo(5);
    assertThat(replicasOf(names[1])).isEqualTo(2);

    makeAllAvailable();
    reconcile();
    reconcile();
    assertThat(replicasOf(names[0])).isEqualTo(5);
    assertThat(replicasOf(names[1])).isEqualTo(2);
    assertThat(replicaSets()).hasSize(2);
  }

  @Test
  void adoptsAnOrphanedReplicaSetRunningItsTemplateInsteadOfCreatingAnother() {
    reconcile();
    ObjectNode rs = replicaSets().getFirst();
    String name = ObjectMeta.of(rs).name();
    client.patch(REPLICASETS, "default", name, dev.kctl.client.PatchType.MERGE, Json.parse("""
        {"metadata": {"ownerReferences": null}}"""), null);
    assertThat(ObjectMeta.of(client.get(REPLICASETS, "default", name)).controller()).isEmpty();

    reconcile();

    assertThat(replicaSets()).singleElement().satisfies(adopted -> {
      assertThat(ObjectMeta.of(adopted).name()).isEqualTo(name);
      assertThat(ObjectMeta.of(adopted).controller()).hasValueSatisfying(ref -> {
        assertThat(ref.kind()).isEqualTo("Deployment");
        assertThat(ref.uid()).isEqualTo(ObjectMeta.of(deployment()).uid());
      });
    });
  }
}
