package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.DAEMONSETS;
import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DaemonSet pods follow taints as in Kubernetes, on three simulated nodes: a cordoned node still
 * runs its daemon, a node with a NoSchedule taint the template does not tolerate gets none, a
 * NoExecute taint removes the daemon, and a NoSchedule taint added later leaves it running.
 */
class DaemonSetTaintsTest {
  @TempDir static Path dir;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "dst-node-", 3, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void daemonPodsGoWhereTheirTolerationsAllow() {
    List<String> names = cluster.nodes.names();
    String dedicated = names.get(0);
    String cordoned = names.get(1);
    String plain = names.get(2);
    addTaint(dedicated, "dedicated", "NoSchedule");
    cluster.client.patch(NODES, null, cordoned, PatchType.MERGE, Json.parseObject("{\"spec\":{\"unschedulable\":true}}"), null);
    await("the cordoned node tainted").atMost(ofSeconds(10)).until(() -> taintKeys(cordoned).contains("node.kubernetes.io/unschedulable"));

    String ns = cluster.namespace("tainted-daemons");
    cluster.client.create(DAEMONSETS, ns, Json.parseObject("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},
                             "spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}"""));

    await("agent on the cordoned and the plain node").atMost(ofSeconds(15)).until(() ->
        runningOn(ns).equals(List.of(cordoned, plain)) && status(ns).path("desiredNumberScheduled").asInt() == 2
            && status(ns).path("numberReady").asInt() == 2);

    addTaint(plain, "maintenance", "NoExecute");
    await("agent leaves the node tainted NoExecute").atMost(ofSeconds(15)).until(() ->
        runningOn(ns).equals(List.of(cordoned)) && status(ns).path("desiredNumberScheduled").asInt() == 1);

    addTaint(cordoned, "dedicated", "NoSchedule");
    await("the new NoSchedule taint seen").atMost(ofSeconds(15)).until(() ->
        status(ns).path("desiredNumberScheduled").asInt() == 0 && status(ns).path("numberMisscheduled").asInt() == 1);
    assertThat(runningOn(ns)).as("a daemon already running stays despite NoSchedule").containsExactly(cordoned);
  }

  private static JsonNode status(String ns) {
    return cluster.client.get(DAEMONSETS, ns, "agent").path("status");
  }

  /** The sorted nodes of the agent's pods that are not being deleted. */
  private static List<String> runningOn(String ns) {
    return cluster.items(PODS, ns).stream()
        .filter(p -> !p.path("metadata").has("deletionTimestamp"))
        .filter(p -> p.path("status").path("phase").asString("").equals("Running"))
        .map(p -> p.path("spec").path("nodeName").asString(""))
        .sorted().toList();
  }

  private static List<String> taintKeys(String node) {
    List<String> keys = new ArrayList<>();
    cluster.client.get(NODES, null, node).path("spec").path("taints").forEach(t -> keys.add(t.path("key").asString("")));
    return keys;
  }

  /** Adds a taint with a read-modify-write guarded by resourceVersion, retried on conflict. */
  private static void addTaint(String node, String key, String effect) {
    Consumer<ObjectNode> add = n -> {
      ObjectNode spec = n.withObjectProperty("spec");
      ArrayNode taints = spec.has("taints") ? (ArrayNode) spec.get("taints") : spec.putArray("taints");
      taints.addObject().put("key", key).put("effect", effect);
    };
    await("taint " + key + " on " + node).atMost(ofSeconds(10)).ignoreExceptions().until(() -> {
      ObjectNode current = cluster.client.get(NODES, null, node);
      add.accept(current);
      cluster.client.update(NODES, current);
      return true;
    });
  }
}
