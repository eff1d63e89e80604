package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.LEASES;
import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import dev.kctl.codec.Json;
import dev.kctl.controller.nodelifecycle.NodeLifecycleController;
import dev.kctl.controller.runtime.ControllerLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node that stops heartbeating loses its pods to the other nodes. The control plane's own node
 * lifecycle controller waits 40 s; this test runs a second one with a 2 s grace period next to
 * it, and the pods tolerate the unreachable taint for 1 s instead of the default 300 s.
 */
class NodeFailureTest {
  @TempDir Path dir;
  Cluster cluster;
  List<Informer> informers;
  ControllerLoop loop;

  @BeforeEach
  void start() throws Exception {
    cluster = Cluster.start(dir, "fail-node-", 2, Duration.ofMillis(300));
    Informer nodeInformer = new Informer(cluster.client, NODES, null, ListOptions.NONE);
    Informer leases = new Informer(cluster.client, LEASES, "kube-node-lease", ListOptions.NONE);
    Informer pods = new Informer(cluster.client, PODS, null, ListOptions.NONE);
    NodeLifecycleController controller = new NodeLifecycleController(cluster.client, nodeInformer, leases, pods,
        InstantSource.system(), new NodeLifecycleController.Config(Duration.ofSeconds(2)));
    informers = List.of(nodeInformer, leases, pods);
    informers.forEach(Informer::start);
    loop = ControllerLoop.start("fast-node-lifecycle", controller, controller.queue(), 1, informers);
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (informers != null) {
      informers.forEach(Informer::close);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<ObjectNode> runningPods(String ns) {
    return cluster.items(PODS, ns).stream()
        .filter(p -> p.path("status").path("phase").asString("").equals("Running"))
        .toList();
  }

  private static String nodeOf(JsonNode pod) {
    return pod.path("spec").path("nodeName").asString("");
  }

  @Test
  void podsOfASilentNodeAreRecreatedOnAnother() {
    String ns = cluster.namespace("failover");
    ObjectNode deployment = Manifests.deployment("web", 4);
    ((ObjectNode) deployment.path("spec").path("template").path("spec")).set("tolerations", Json.parse("""
        [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 1}]"""));
    cluster.client.create(DEPLOYMENTS, ns, deployment);
    await("4 pods over both nodes").atMost(ofSeconds(15)).until(() -> {
      List<ObjectNode> pods = runningPods(ns);
      return pods.size() == 4 && pods.stream().map(NodeFailureTest::nodeOf).distinct().count() == 2;
    });
    String dead = cluster.nodes.names().get(0);
    String alive = cluster.nodes.names().get(1);

    cluster.nodes.stop(dead);

    await("pods moved to " + alive).atMost(ofSeconds(15)).until(() -> {
      List<ObjectNode> pods = cluster.items(PODS, ns);
      return pods.size() == 4 && pods.stream().allMatch(p -> nodeOf(p).equals(alive)
          && p.path("status").path("phase").asString("").equals("Running"));
    });
    ObjectNode node = cluster.client.get(NODES, null, dead);
    assertThat(node.path("spec").path("taints")).extracting(t -> t.path("key").asString() + ":" + t.path("effect").asString())
        .contains("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    assertThat(cluster.items(PODS, ns)).allSatisfy(p -> assertThat(p.path("spec").path("tolerations"))
        .extracting(t -> t.path("key").asString() + ":" + t.path("tolerationSeconds").asInt())
        .containsExactly("node.kubernetes.io/unreachable:1", "node.kubernetes.io/not-ready:300"));
    assertThat(node.path("status").path("conditions")).anySatisfy(c -> {
      assertThat(c.path("type").asString()).isEqualTo("Ready");
      assertThat(c.path("status").asString()).isEqualTo("Unknown");
    });
  }
}
