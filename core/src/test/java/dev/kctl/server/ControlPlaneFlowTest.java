package dev.kctl.server;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control plane in the test JVM, driven over HTTPS as kctl drives it: a Deployment becomes a
 * ReplicaSet, Pods, and bindings to a Ready node, each step recorded as an Event.
 */
class ControlPlaneFlowTest {
  @TempDir Path dir;
  ControlPlane plane;
  RestClient client;

  @BeforeEach
  void start() throws Exception {
    plane = ControlPlane.start(new ControlPlane.Config(dir, new InetSocketAddress("127.0.0.1", 0)), InstantSource.system());
    client = RestClient.connect(KubeConfig.load(plane.kubeconfig()));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void deploymentBecomesReplicaSetAndPodsBoundToTheReadyNode() {
    client.create(ResourceTypes.NODES, null, readyNode("node-1"));
    client.create(ResourceTypes.DEPLOYMENTS, "default", deployment("web", 2));

    await("replica set of web").atMost(ofSeconds(20)).until(() -> items(ResourceTypes.REPLICASETS).size() == 1);
    ObjectNode rs = items(ResourceTypes.REPLICASETS).getFirst();
    assertThat(ObjectMeta.of(rs).name()).startsWith("web-");
    assertThat(ObjectMeta.of(rs).controller()).hasValueSatisfying(owner -> assertThat(owner.name()).isEqualTo("web"));

    await("two pods bound to node-1").atMost(ofSeconds(20)).until(() -> {
      List<ObjectNode> pods = items(ResourceTypes.PODS);
      return pods.size() == 2 && pods.stream().allMatch(p -> p.path("spec").path("nodeName").asString("").equals("node-1"));
    });
    List<Integer> hostPorts = new ArrayList<>();
    for (ObjectNode pod : items(ResourceTypes.PODS)) {
      hostPorts.add(pod.path("spec").path("containers").get(0).path("ports").get(0).path("hostPort").asInt());
    }
    assertThat(hostPorts).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(21000, 21999));

    await("events of every hop").atMost(ofSeconds(20)).until(() -> reasons().containsAll(
        List.of("ScalingReplicaSet", "SuccessfulCreate", "Scheduled")));
  }

  @Test
  void deletingADeploymentCollectsItsReplicaSetsAndMarksItsPodsForGracefulDeletion() {
    client.create(ResourceTypes.NODES, null, readyNode("node-1"));
    client.create(ResourceTypes.DEPLOYMENTS, "default", deployment("gone", 2));
    await("pods of gone").atMost(ofSeconds(20)).until(() -> items(ResourceTypes.PODS).size() == 2);

    client.delete(ResourceTypes.DEPLOYMENTS, "default", "gone");

    await("replica sets collected").atMost(ofSeconds(20)).until(() -> items(ResourceTypes.REPLICASETS).isEmpty());
    // The pods are bound to a node, so they are deleted gracefully: marked now, removed by the
    // node once their processes have stopped (node-1 here has no agent to do that).
    await("pods marked for deletion").atMost(ofSeconds(20)).until(() -> items(ResourceTypes.PODS).stream()
        .allMatch(p -> p.path("metadata").has("deletionTimestamp")));
    ObjectNode pod = items(ResourceTypes.PODS).getFirst();
    client.delete(ResourceTypes.PODS, "default", ObjectMeta.of(pod).name(), dev.kctl.client.DeleteOptions.NOW);
    assertThat(items(ResourceTypes.PODS)).hasSize(1);
  }

  @Test
  void podWaitsUntilANodeIsReadyThenIsScheduled() {
    client.create(ResourceTypes.DEPLOYMENTS, "default", deployment("late", 1));
    await("pod created").atMost(ofSeconds(20)).until(() -> items(ResourceTypes.PODS).size() == 1);
    await("FailedScheduling recorded").atMost(ofSeconds(20)).until(() -> reasons().contains("FailedScheduling"));
    assertThat(items(ResourceTypes.PODS).getFirst().path("spec").path("nodeName").asString("")).isEmpty();

    client.create(ResourceTypes.NODES, null, readyNode("node-2"));
    await("pod bound once node-2 is Ready").atMost(ofSeconds(20)).until(() ->
        items(ResourceTypes.PODS).getFirst().path("spec").path("nodeName").asString("").equals("node-2"));
  }

  @Test
  void dataAndRevisionsSurviveARestart() throws Exception {
    ObjectNode created = client.create(ResourceTypes.NODES, null, readyNode("node-3"));
    plane.close();
    client.close();
    plane = ControlPlane.start(new ControlPlane.Config(dir, new InetSocketAddress("127.0.0.1", 0)), InstantSource.system());
    client = RestClient.connect(KubeConfig.load(plane.kubeconfig()));

    ObjectNode read = client.get(ResourceTypes.NODES, null, "node-3");
    assertThat(ObjectMeta.of(read).uid()).isEqualTo(ObjectMeta.of(created).uid());
    long before = Long.parseLong(ObjectMeta.of(created).resourceVersion());
    ObjectNode next = client.create(ResourceTypes.NAMESPACES, null, namespace("after-restart"));
    assertThat(Long.parseLong(ObjectMeta.of(next).resourceVersion())).isGreaterThan(before);
  }

  @Test
  void staleUpdateIsAConflictAndBadObjectIsInvalidWithFieldCauses() {
    ObjectNode ns = client.create(ResourceTypes.NAMESPACES, null, namespace("team-a"));
    ObjectNode first = ns.deepCopy();
    ((ObjectNode) first.get("metadata")).putObject("labels").put("a", "1");
    client.update(ResourceTypes.NAMESPACES, first);
    ObjectNode stale = ns.deepCopy();
    ((ObjectNode) stale.get("metadata")).putObject("labels").put("a", "2");
    assertThatThrownBy(() -> client.update(ResourceTypes.NAMESPACES, stale))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.Conflict));

    ObjectNode bad = deployment("bad", -1);
    assertThatThrownBy(() -> client.create(ResourceTypes.DEPLOYMENTS, "default", bad))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.Invalid);
          assertThat(e.causes()).extracting(ApiException.Cause::field).contains("spec.replicas");
        });
    assertThat(items(ResourceTypes.DEPLOYMENTS)).isEmpty();
  }

  private List<ObjectNode> items(dev.kctl.api.ResourceType type) {
    List<ObjectNode> out = new ArrayList<>();
    client.list(type, "default", ListOptions.NONE).path("items").forEach(i -> out.add((ObjectNode) i));
    return out;
  }

  private List<String> reasons() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : client.list(ResourceTypes.EVENTS, "default", ListOptions.NONE).path("items")) {
      out.add(e.path("reason").asString(""));
    }
    return out;
  }

  private static ObjectNode namespace(String name) {
    ObjectNode ns = Json.object();
    ns.put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    return ns;
  }

  static ObjectNode readyNode(String name) {
    ObjectNode node = Json.parseObject("""
        {"apiVersion":"v1","kind":"Node",
         "metadata":{"name":"%s","annotations":{"kctl.dev/host-port-range":"21000-21999"}},
         "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
                   "allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                   "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}],
                   "addresses":[{"type":"InternalIP","address":"127.0.0.1"}]}}
        """.formatted(name));
    return node;
  }

  static ObjectNode deployment(String name, int replicas) {
    return Json.parseObject("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"%s"},
         "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                 "template":{"metadata":{"labels":{"app":"%s"}},
                             "spec":{"containers":[{"name":"app","image":"tomcat",
                                     "ports":[{"containerPort":8080,"name":"http"}],
                                     "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}
        """.formatted(name, replicas, name, name));
  }
}
