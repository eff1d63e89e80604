package dev.kctl.scheduler;

import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.InMemoryClient;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SchedulingCycleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final InformerFixture informers = new InformerFixture(client);
  private final WorkQueue queue = new WorkQueue("test-scheduler");
  private SchedulingCycle cycle;

  @BeforeEach
  void start() {
    Informer pods = informers.informer(PODS);
    Informer nodes = informers.informer(NODES);
    cycle = new SchedulingCycle(client, pods, nodes, queue, clock);
    informers.start();
  }

  @AfterEach
  void stop() {
    informers.close();
    queue.close();
  }

  private void node(String name, String ready, String cpu, String extraJson) {
    ObjectNode node = Json.parseObject("""
        {"metadata": {"name": "%s", "labels": {"kubernetes.io/hostname": "%s"}},
         "spec": {},
         "status": {"allocatable": {"cpu": "%s", "memory": "4Gi", "pods": "110"},
                    "conditions": [{"type": "Ready", "status": "%s"}]}}""".formatted(name, name, cpu, ready));
    merge(node, Json.parseObject(extraJson));
    client.create(NODES, null, node);
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    patch.properties().forEach(e -> {
      if (e.getValue() instanceof ObjectNode inner && target.get(e.getKey()) instanceof ObjectNode existing) {
        merge(existing, inner);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }

  private void pod(String name, String cpu, String extraSpecJson) {
    ObjectNode pod = Json.parseObject("""
        {"metadata": {"name": "%s", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
           "name": "web-abc", "uid": "rs-uid", "controller": true}]},
         "spec": {"containers": [{"name": "web", "image": "tomcat",
                                  "resources": {"requests": {"cpu": "%s", "memory": "64Mi"}}}]}}""".formatted(name, cpu));
    merge((ObjectNode) pod.get("spec"), Json.parseObject(extraSpecJson));
    client.create(PODS, "default", pod);
  }

  /** A pod with labels (JSON object) and extra spec fields, no owner. */
  private void labeledPod(String namespace, String name, String labelsJson, String extraSpecJson) {
    ObjectNode pod = Json.parseObject("""
        {"metadata": {"name": "%s", "namespace": "%s", "labels": %s},
         "spec": {"containers": [{"name": "c", "image": "tomcat"}]}}""".formatted(name, namespace, labelsJson));
    merge((ObjectNode) pod.get("spec"), Json.parseObject(extraSpecJson));
    client.create(PODS, namespace, pod);
  }

  private String schedule(String pod) {
    informers.awaitCaughtUp();
    cycle.reconcile("default/" + pod);
    return client.get(PODS, "default", pod).path("spec").path("nodeName").asString("");
  }

  @Test
  void schedulerSkipsNodesThatAreNotReady() {
    node("node-1", "False", "4", "{}");
    node("node-2", "True", "4", "{}");
    pod("web-1", "100m", "{}");

    assertThat(schedule("web-1")).isEqualTo("node-2");
    assertThat(client.eventMessages("Scheduled")).containsExactly("Successfully assigned default/web-1 to node-2");
  }

  @Test
  void failedSchedulingMessageCountsReasons() {
    node("node-1", "True", "500m", "{}");
    node("node-2", "True", "1", "{}");
    node("node-3", "True", "8", """
        {"spec": {"unschedulable": true}}""");
    pod("big", "2", "{}");

    assertThat(schedule("big")).isEmpty();

    String message = "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. "
        + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..";
    assertThat(client.eventMessages("FailedScheduling")).containsExactly(message);
    JsonNode condition = client.get(PODS, "default", "big").path("status").path("conditions").get(0);
    assertThat(condition.path("type").asString()).isEqualTo("PodScheduled");
    assertThat(condition.path("status").asString()).isEqualTo("False");
    assertThat(condition.path("reason").asString()).isEqualTo("Unschedulable");
    assertThat(condition.path("message").asString()).isEqualTo(message);
  }

  @Test
  void withoutNodesSaysSo() {
    pod("web-1", "100m", "{}");
    assertThat(schedule("web-1")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).containsExactly("no nodes available to schedule pods");
  }

  @Test
  void podsBoundAMomentAgoCountAgainstTheNodeEvenBeforeTheCacheShowsThem() {
    node("node-1", "True", "1", "{}");
    pod("a", "600m", "{}");
    pod("b", "600m", "{}");
    informers.awaitCaughtUp();

    cycle.reconcile("default/a");
    cycle.reconcile("default/b"); // at once: the pod cache may still show a unbound

    assertThat(client.get(PODS, "default", "a").path("spec").path("nodeName").asString()).isEqualTo("node-1");
    assertThat(client.get(PODS, "default", "b").path("spec").path("nodeName").asString("")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).containsExactly(
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
  }

  @Test
  void nodeSelectorPicksOnlyMatchingNodes() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", """
        {"metadata": {"labels": {"disk": "ssd"}}}""");
    pod("db", "100m", """
        {"nodeSelector": {"disk": "ssd"}}""");

    assertThat(schedule("db")).isEqualTo("node-2");
  }

  @Test
  void explicitHostPortsInUseRuleOutTheNode() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", "{}");
    pod("first", "100m", """
        {"nodeName": "node-1", "containers": [{"name": "web", "image": "tomcat", "ports": [{"containerPort": 8080, "hostPort": 8080}]}]}""");
    pod("second", "100m", """
        {"containers": [{"name": "web", "image": "tomcat", "ports": [{"containerPort": 8080, "hostPort": 8080}]}]}""");

    assertThat(schedule("second")).isEqualTo("node-2");
  }

  @Test
  void podsOfOneOwnerAreSpreadAcrossNodes() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", "{}");
    pod("web-1", "100m", "{}");
    pod("web-2", "100m", "{}");

    String first = schedule("web-1");
    String second = schedule("web-2");

    assertThat(Map.of(first, 1, second, 2)).containsOnlyKeys("node-1", "node-2");
  }

  @Test
  void podsOfOtherSchedulersAreLeftAlone() {
    node("node-1", "True", "4", "{}");
    pod("custom", "100m", """
        {"schedulerName": "my-scheduler"}""");

    assertThat(schedule("custom")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).isEmpty();
  }

  @Test
  void unschedulableBackoffDoublesFromOneSecondToTen() {
    assertThat(SchedulingCycle.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(SchedulingCycle.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(SchedulingCycle.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(SchedulingCycle.backoff(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(SchedulingCycle.backoff(50)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void untoleratedTaintsRuleOutNodesAndAreNamedWithTheirValue() {
    node("node-1", "True", "4", """
        {"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}}""");
    node("node-2", "True", "4", """
        {"spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]}}""");
    pod("web-1", "100m", "{}");

    assertThat(schedule("web-1")).isEmpty();

    assertThat(client.eventMessages("FailedScheduling")).containsExactly("0/2 nodes are available: "
        + "1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. "
        + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..");
  }

  @Test
  void tolerationsMatchByKeyValueOperatorAndEffect() {
    node("node-1", "True", "4", """
        {"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}}""");
    pod("wrong-value", "100m", """
        {"tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}]}""");
    pod("wrong-effect", "100m", """
        {"tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}]}""");
    pod("equal", "100m", """
        {"tolerations": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}""");
    pod("exists-any-effect", "100m", """
        {"tolerations": [{"key": "dedicated", "operator": "Exists"}]}""");
    pod("everything", "100m", """
        {"tolerations": [{"operator": "Exists"}]}""");

    assertThat(schedule("wrong-value")).isEmpty();
    assertThat(schedule("wrong-effect")).isEmpty();
    assertThat(schedule("equal")).isEqualTo("node-1");
    assertThat(schedule("exists-any-effect")).isEqualTo("node-1");
    assertThat(schedule("everything")).isEqualTo("node-1");
  }

  @Test
  void preferNoScheduleTaintsOnlyLowerANodesScore() {
    node("node-1", "True", "4", """
        {"spec": {"taints": [{"key": "spot", "effect": "PreferNoSchedule"}]}}""");
    node("node-2", "True", "4", "{}");
    pod("a", "100m", "{}");
    pod("b", "100m", "{}");
    pod("c", "100m", """
        {"tolerations": [{"key": "spot", "operator": "Exists", "effect": "PreferNoSchedule"}]}""");

    assertThat(schedule("a")).isEqualTo("node-2");
    assertThat(schedule("b")).as("the taint outweighs spreading the owner's pods").isEqualTo("node-2");
    assertThat(schedule("c")).as("tolerated, it does not count").isEqualTo("node-1");
  }

  @Test
  void cordonedNodesTakeOnlyPodsToleratingTheUnschedulableTaint() {
    node("node-1", "True", "4", """
        {"spec": {"unschedulable": true}}""");
    pod("plain", "100m", "{}");
    pod("daemon", "100m", """
        {"tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}""");

    assertThat(schedule("plain")).isEmpty();
    assertThat(schedule("daemon")).isEqualTo("node-1");
    assertThat(client.eventMessages("FailedScheduling")).singleElement().asString()
        .startsWith("0/1 nodes are available: 1 node(s) were unschedulable. ");
  }

  @Test
  void aNodeNotReadyYetUntaintedCountsAsTaintedNotReady() {
    node("node-1", "False", "4", "{}");
    pod("web-1", "100m", "{}");
    assertThat(schedule("web-1")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).singleElement().asString()
        .startsWith("0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ");
  }

  @Test
  void podAntiAffinityKeepsReplicasOnDifferentHostsAndIsReportedAsKubeDoes() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", """
        {"spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}]}}""");
    node("node-3", "True", "4", """
        {"spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}]}}""");
    String antiAffinity = """
        {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
          {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}}""";
    labeledPod("default", "cache-1", "{\"app\": \"cache\"}", antiAffinity);
    labeledPod("default", "cache-2", "{\"app\": \"cache\"}", antiAffinity);
    labeledPod("other", "cache-elsewhere", "{\"app\": \"cache\"}", "{}");

    assertThat(schedule("cache-1")).isEqualTo("node-1");
    assertThat(schedule("cache-2")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).containsExactly("0/3 nodes are available: "
        + "1 node(s) didn't match pod anti-affinity rules, 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. "
        + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..");
    // a pod of another namespace is not covered by the term, and has no anti-affinity of its own
    informers.awaitCaughtUp();
    cycle.reconcile("other/cache-elsewhere");
    assertThat(client.get(PODS, "other", "cache-elsewhere").path("spec").path("nodeName").asString()).isEqualTo("node-1");
  }

  @Test
  void antiAffinityOfPodsAlreadyThereKeepsMatchingPodsAway() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", "{}");
    labeledPod("default", "loner", "{\"app\": \"loner\"}", """
        {"nodeName": "node-1", "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
          {"labelSelector": {"matchLabels": {"app": "noisy"}}, "namespaces": ["default", "batch"], "topologyKey": "kubernetes.io/hostname"}]}}}""");
    labeledPod("batch", "noisy", "{\"app\": \"noisy\"}", """
        {"nodeSelector": {"kubernetes.io/hostname": "node-1"}}""");
    informers.awaitCaughtUp();

    cycle.reconcile("batch/noisy");

    assertThat(client.get(PODS, "batch", "noisy").path("spec").path("nodeName").asString("")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).singleElement().asString().startsWith("0/2 nodes are available: "
        + "1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy existing pods anti-affinity rules. ");
  }

  @Test
  void podAffinityPlacesAPodNextToTheOnesItFollowsAndLetsTheFirstOfAGroupIn() {
    node("node-1", "True", "4", "{}");
    node("node-2", "True", "4", "{}");
    String followCache = """
        {"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
          {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}}""";
    labeledPod("default", "web", "{\"app\": \"web\"}", followCache);
    labeledPod("default", "cache-1", "{\"app\": \"cache\"}", followCache);

    assertThat(schedule("web")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).singleElement().asString().startsWith(
        "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    String first = schedule("cache-1"); // matches its own term: the first of its group
    assertThat(first).isNotEmpty();
    assertThat(schedule("web")).isEqualTo(first);
  }

  @Test
  void podsThatNeverPreemptSaySo() {
    node("node-1", "True", "100m", "{}");
    pod("big", "1", """
        {"preemptionPolicy": "Never"}""");
    assertThat(schedule("big")).isEmpty();
    assertThat(client.eventMessages("FailedScheduling")).containsExactly(
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..");
  }
}
