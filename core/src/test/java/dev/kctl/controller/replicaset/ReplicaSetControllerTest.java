package dev.kctl.controller.replicaset;

import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.ControllerRefs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReplicaSetControllerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final InformerFixture informers = new InformerFixture(client);
  private ReplicaSetController controller;

  @BeforeEach
  void startController() {
    controller = new ReplicaSetController(client, informers.informer(REPLICASETS), informers.informer(PODS), clock);
    informers.start();
  }

  @AfterEach
  void stop() {
    informers.close();
    controller.queue().close();
  }

  private void createReplicaSet(int replicas) {
    client.create(REPLICASETS, "default", Json.parseObject("""
        {"metadata": {"name": "tomcat-5d8f7c9b4", "labels": {"app": "tomcat"}},
         "spec": {"replicas": %d,
                  "selector": {"matchLabels": {"app": "tomcat", "pod-template-hash": "5d8f7c9b4"}},
                  "template": {"metadata": {"labels": {"app": "tomcat", "pod-template-hash": "5d8f7c9b4"}},
                               "spec": {"containers": [{"name": "tomcat", "image": "tomcat"}]}}}}
        """.formatted(replicas)));
  }

  private void reconcile() {
    informers.awaitCaughtUp();
    controller.reconcile("default/tomcat-5d8f7c9b4");
  }

  private List<ObjectNode> pods() {
    return client.all(PODS);
  }

  private ObjectNode replicaSet() {
    return client.get(REPLICASETS, "default", "tomcat-5d8f7c9b4");
  }

  private void patchPod(String name, String json) {
    client.patch(PODS, "default", name, PatchType.MERGE, Json.parse(json), null);
  }

  @Test
  void createsMissingPodsWhenBelowReplicas() {
    createReplicaSet(3);
    reconcile();

    assertThat(pods()).hasSize(3).allSatisfy(pod -> {
      ObjectMeta meta = ObjectMeta.of(pod);
      assertThat(meta.generateName()).isEqualTo("tomcat-5d8f7c9b4-");
      assertThat(meta.name()).startsWith("tomcat-5d8f7c9b4-");
      assertThat(meta.labels()).containsEntry("app", "tomcat").containsEntry("pod-template-hash", "5d8f7c9b4");
      assertThat(meta.controller()).hasValueSatisfying(ref -> {
        assertThat(ref.kind()).isEqualTo("ReplicaSet");
        assertThat(ref.name()).isEqualTo("tomcat-5d8f7c9b4");
        assertThat(ref.uid()).isEqualTo(ObjectMeta.of(replicaSet()).uid());
      });
      assertThat(pod.path("metadata").path("ownerReferences").get(0).path("blockOwnerDeletion").asBoolean()).isTrue();
      assertThat(pod.path("spec").path("containers").get(0).path("image").asString()).isEqualTo("tomcat");
    });
    assertThat(client.eventMessages("SuccessfulCreate"))
        .containsExactlyInAnyOrderElementsOf(pods().stream().map(p -> "Created pod: " + ObjectMeta.of(p).name()).toList());
  }

  @Test
  void doesNotCreatePodsTwiceWhileItsCacheLagsBehind() {
    createReplicaSet(2);
    reconcile();
    // straight away, before the caches may have seen the new pods
    try {
      controller.reconcile("default/tomcat-5d8f7c9b4");
    } catch (ApiException e) {
      // a status write from a stale cache conflicts; the work queue would retry it
      assertThat(e.reason()).isEqualTo(StatusReason.Conflict);
    }
    reconcile();

    assertThat(pods()).hasSize(2);
  }

  @Test
  void deletesSurplusPodsPreferringUnscheduledThenNotReady() {
    createReplicaSet(3);
    reconcile();
    List<String> names = pods().stream().map(p -> ObjectMeta.of(p).name()).toList();
    String unscheduled = names.get(0);
    String notReady = names.get(1);
    String ready = names.get(2);
    patchPod(notReady, """
        {"spec": {"nodeName": "node-1"}, "status": {"phase": "Running"}}""");
    patchPod(ready, """
        {"spec": {"nodeName": "node-1"}, "status": {"phase": "Running",
         "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}}""");
    ObjectNode scaled = replicaSet();
    scaled.withObjectProperty("spec").put("replicas", 1);
    client.update(REPLICASETS, scaled);

    reconcile();

    assertThat(pods()).extracting(p -> ObjectMeta.of(p).name()).containsExactly(ready);
    assertThat(client.eventMessages("SuccessfulDelete"))
        .containsExactlyInAnyOrder("Deleted pod: " + unscheduled, "Deleted pod: " + notReady);
  }

  @Test
  void terminatingPodsDoNotCountAndAreReplaced() {
    createReplicaSet(2);
    reconcile();
    String terminating = ObjectMeta.of(pods().get(0)).name();
    patchPod(terminating, """
        {"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}}""");

    reconcile();

    assertThat(pods()).hasSize(3);
    reconcile();
    assertThat(replicaSet().path("status").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void reportsReadyAndAvailableReplicasInStatus() {
    createReplicaSet(2);
    reconcile();
    String name = ObjectMeta.of(pods().get(0)).name();
    patchPod(name, """
        {"spec": {"nodeName": "node-1"}, "status": {"phase": "Running",
         "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}}""");

    reconcile();

    ObjectNode status = (ObjectNode) replicaSet().path("status");
    assertThat(status.path("replicas").asInt()).isEqualTo(2);
    assertThat(status.path("fullyLabeledReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(1);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(1);
    assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
  }

  @Test
  void deletedReplicaSetIsIgnored() {
    controller.reconcile("default/gone");
    assertThat(client.actions()).isEmpty();
  }

  @Test
  void adoptsMatchingOrphansAndReleasesPodsWhoseLabelsStopMatching() {
    client.create(PODS, "default", Json.parseObject("""
        {"metadata": {"name": "orphan", "labels": {"app": "tomcat", "pod-template-hash": "5d8f7c9b4"}},
         "spec": {"containers": [{"name": "tomcat", "image": "tomcat"}]}}"""));
    client.create(PODS, "default", Json.parseObject("""
        {"metadata": {"name": "stranger", "labels": {"app": "other"}},
         "spec": {"containers": [{"name": "x", "image": "x"}]}}"""));
    createReplicaSet(2);
    reconcile();

    assertThat(ObjectMeta.of(client.get(PODS, "default", "orphan")).controller())
        .hasValueSatisfying(ref -> assertThat(ref.uid()).isEqualTo(ObjectMeta.of(replicaSet()).uid()));
    assertThat(ObjectMeta.of(client.get(PODS, "default", "stranger")).controller()).isEmpty();
    assertThat(pods()).hasSize(3);
    assertThat(client.eventMessages("SuccessfulCreate")).hasSize(1);

    patchPod("orphan", """
        {"metadata": {"labels": {"app": "debugging", "pod-template-hash": null}}}""");
    reconcile();
    reconcile();

    assertThat(ObjectMeta.of(client.get(PODS, "default", "orphan")).ownerReferences()).isEmpty();
    assertThat(pods().stream().filter(p -> ControllerRefs.controlledBy(p, replicaSet()))).hasSize(2);
    assertThat(pods()).hasSize(4);
  }
}
