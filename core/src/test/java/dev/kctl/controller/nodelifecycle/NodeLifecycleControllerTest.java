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
    assertThat(pods()).containsExactly("daemon", "patient", "plain");

    clock.advance(Duration.ofSeconds(10));
    reconcile();
    assertThat(pods()).containsExactly("daemon", "plain");

    clock.advance(Duration.ofSeconds(290));
    reconcile();
    assertThat(pods()).containsExactly("daemon");
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
