package dev.kctl.controller.deployment;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
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
    controller = new DeploymentController(client, informers.informer(DEPLOYMENTS), informers.informer(REPLICASETS), clock);
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

  @Test
  void newTemplateCreatesNewReplicaSetAndScalesOldToZero() {
    reconcile();
    String oldName = ObjectMeta.of(replicaSets().get(0)).name();
    ObjectNode changed = deployment();
    ((ObjectNode) changed.path("spec").path("template").path("spec").path("containers").get(0)).put("image", "tomcat:10");
    client.update(DEPLOYMENTS, changed);

    reconcile();

    ObjectNode old = client.get(REPLICASETS, "default", oldName);
    ObjectNode fresh = replicaSets().stream().filter(rs -> !ObjectMeta.of(rs).name().equals(oldName)).findFirst().orElseThrow();
    assertThat(old.path("spec").path("replicas").asInt()).isZero();
    assertThat(fresh.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(ObjectMeta.of(fresh).annotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    assertThat(fresh.path("spec").path("template").path("spec").path("containers").get(0).path("image").asString()).isEqualTo("tomcat:10");
    assertThat(client.eventMessages("ScalingReplicaSet")).containsExactly(
        "Scaled up replica set " + oldName + " from 0 to 2",
        "Scaled up replica set " + ObjectMeta.of(fresh).name() + " from 0 to 2",
        "Scaled down replica set " + oldName + " from 2 to 0");
    assertThat(ObjectMeta.of(deployment()).annotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    assertThat(deployment().path("status").path("observedGeneration").asLong()).isEqualTo(2);
  }

  @Test
  void rollingBackToAnOldTemplateReusesItsReplicaSetAsTheNextRevision() {
    reconcile();
    ObjectNode original = deployment();
    String firstName = ObjectMeta.of(replicaSets().get(0)).name();
    ObjectNode changed = original.deepCopy();
    ((ObjectNode) changed.path("spec").path("template").path("spec").path("containers").get(0)).put("image", "tomcat:10");
    client.update(DEPLOYMENTS, changed);
    reconcile();

    ObjectNode back = deployment();
    ((ObjectNode) back.path("spec").path("template").path("spec").path("containers").get(0)).put("image", "tomcat:9");
    client.update(DEPLOYMENTS, back);
    reconcile();

    assertThat(replicaSets()).hasSize(2);
    ObjectNode first = client.get(REPLICASETS, "default", firstName);
    assertThat(first.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(ObjectMeta.of(first).annotations()).containsEntry("deployment.kubernetes.io/revision", "3");
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
}
