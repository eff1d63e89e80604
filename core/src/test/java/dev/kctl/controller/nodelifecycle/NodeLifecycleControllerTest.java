package dev.kctl.controller.nodelifecycle;

import static dev.kctl.api.ResourceTypes.LEASES;
import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class NodeLifecycleControllerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private final InMemoryClient client = new InMemoryClient(clock);
  private final InformerFixture informers = new InformerFixture(client);
  private NodeLifecycleController controller;

  @BeforeEach
  void start() {
    controller = new NodeLifecycleController(client, informers.informer(NODES), informers.informer(LEASES),
        informers.informer(PODS), clock, NodeLifecycleController.Config.DEFAULTS);
    informers.start();
    client.create(NODES, null, Json.parseObject("""
        {"metadata": {"name": "n1"},
         "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                    "lastHeartbeatTime": "%s", "lastTransitionTime": "%s"}]}}"""
        .formatted(Timestamps.time(START), Timestamps.time(START))));
    pod("plain", "");
    pod("patient", """
        , "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 10}]""");
    pod("daemon", """
        , "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"}]""");
    pod("defaulted", """
        , "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                          {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]""");
  }

  @AfterEach
  void stop() {
    informers.close();
    controller.queue().close();
  }

  private void pod(String name, String extraSpec) {
    client.create(PODS, "default", Json.parseObject("""
        {"metadata": {"name": "%s"}, "spec": {"nodeName": "n1"%s}, "status": {"phase": "Running"}}""".formatted(name, extraSpec)));
  }

  private void reconcile() {
    informers.awaitCaughtUp();
    controller.reconcile("n1");
  }

  private ObjectNode node() {
    return client.get(NODES, null, "n1");
  }

  private List<String> pods() {
    return client.all(PODS).stream().map(p -> ObjectMeta.of(p).name()).sorted().toList();
  }

  private static JsonNode ready(ObjectNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString().equals("Ready")) {
        return c;
      }
    }
    throw new AssertionError("no Ready condition");
  }

  @Test
  void freshHeartbeatChangesNothing() {
    clock.advance(Duration.ofSeconds(39));
    reconcile();
    assertThat(ready(node()).path("status").asString()).isEqualTo("True");
    assertThat(node().path("spec").path("taints").isMissingNode()).isTrue();
  }

  @Test
  void silentNodeBecomesUnknownTaintedAndLosesPodsAsTheirTolerationsRunOut() {
    clock.advance(Duration.ofSeconds(41));
    reconcile();
    JsonNode ready = ready(node());
    assertThat(ready.path("status").asString()).isEqualTo("Unknown");
    assertThat(ready.path("reason").asString()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.path("message").asString()).isEqualTo("Kubelet stopped posting node status.");

    reconcile();
    assertThat(node().path("spec").path("taints")).extracting(t -> t.path("key").asString() + ":" + t.path("effect").asString())
        .containsExactlyInAnyOrder("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    reconcile();
    assertThat(pods()).as("no toleration: evicted at once").containsExactly("daemon", "defaulted", "patient");

    clock.advance(Duration.ofSeconds(10));
    reconcile();
    assertThat(pods()).containsExactly("daemon", "defaulted");

    clock.advance(Duration.ofSeconds(289));
    reconcile();
    assertThat(pods()).containsExactly("daemon", "defaulted");
    clock.advance(Duration.ofSeconds(1));
    reconcile();
    assertThat(pods()).as("tolerated without seconds: stays").containsExactly("daemon");
    assertThat(client.eventMessages("TaintManagerEviction")).containsExactly(
        "Marking for deletion Pod default/plain", "Marking for deletion Pod default/patient", "Marking for deletion Pod default/defaulted");
  }

  private void setReady(String status) {
    client.patch(NODES, null, "n1", PatchType.MERGE, Json.parseObject("""
        {"status": {"conditions": [{"type": "Ready", "status": "%s", "reason": "KubeletNotReady",
                                    "lastHeartbeatTime": "%s", "lastTransitionTime": "%s"}]}}"""
        .formatted(status, Timestamps.time(clock.instant()), Timestamps.time(clock.instant()))), "status");
  }

  private List<String> taints() {
    List<String> out = new java.util.ArrayList<>();
    node().path("spec").path("taints").forEach(t -> out.add(t.path("key").asString() + ":" + t.path("effect").asString()));
    return out;
  }

  @Test
  void nodeReportingNotReadyIsTaintedNotReadyAndItsPodsLeaveWhenTheirNotReadyTolerationRunsOut() {
    setReady("False");
    reconcile();
    assertThat(taints()).containsExactlyInAnyOrder("node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute");
    reconcile();
    assertThat(pods()).as("patient and daemon tolerate only unreachable").containsExactly("defaulted");

    clock.advance(Duration.ofSeconds(300));
    setReady("False"); // still heartbeating, still not ready
    reconcile();
    assertThat(pods()).isEmpty();

    setReady("True");
    reconcile();
    assertThat(taints()).isEmpty();
  }

  @Test
  void cordonedNodeCarriesTheUnschedulableTaintBesideTheUsersOwn() {
    client.patch(NODES, null, "n1", PatchType.MERGE, Json.parseObject("""
        {"spec": {"unschedulable": true, "taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}}"""), null);
    reconcile();
    assertThat(taints()).containsExactly("dedicated:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");
    assertThat(pods()).hasSize(4);

    client.patch(NODES, null, "n1", PatchType.MERGE, Json.parseObject("""
        {"spec": {"unschedulable": false}}"""), null);
    reconcile();
    assertThat(taints()).containsExactly("dedicated:NoSchedule");
  }

  @Test
  void aUsersNoExecuteTaintEvictsThePodsThatDoNotTolerateIt() {
    client.patch(NODES, null, "n1", PatchType.MERGE, Json.parseObject("""
        {"spec": {"taints": [{"key": "maintenance", "effect": "NoExecute"}]}}"""), null);
    pod("maintainer", """
        , "tolerations": [{"key": "maintenance", "operator": "Exists"}]""");
    reconcile();
    assertThat(pods()).containsExactly("maintainer");
  }

  @Test
  void leaseRenewalsCountAsHeartbeats() {
    client.create(LEASES, "kube-node-lease", Json.parseObject("""
        {"metadata": {"name": "n1"}, "spec": {"holderIdentity": "n1", "renewTime": "%s"}}"""
        .formatted(Timestamps.microTime(START.plusSeconds(30)))));
    clock.advance(Duration.ofSeconds(60));
    reconcile();
    assertThat(ready(node()).path("status").asString()).isEqualTo("True");

    clock.advance(Duration.ofSeconds(11));
    reconcile();
    assertThat(ready(node()).path("status").asString()).isEqualTo("Unknown");
  }

  @Test
  void nodeReportingReadyAgainLosesTheTaints() {
    clock.advance(Duration.ofSeconds(41));
    reconcile();
    reconcile();
    ObjectNode back = Json.parseObject("""
        {"status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                    "lastHeartbeatTime": "%s", "lastTransitionTime": "%s"}]}}"""
        .formatted(Timestamps.time(clock.instant()), Timestamps.time(clock.instant())));
    client.patch(NODES, null, "n1", PatchType.MERGE, back, "status");

    reconcile();

    assertThat(node().path("spec").path("taints").isEmpty()).isTrue();
  }
}
