package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.PatchType;
import dev.kctl.client.WatchEvent;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Rolling updates, restarts and rollbacks of Deployments on simulated nodes. */
class DeploymentRolloutTest {
  @TempDir static Path dir;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "roll-node-", 3, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** What {@code kubectl rollout status} waits for. */
  private boolean rolledOut(String ns, String name, int replicas) {
    ObjectNode d = cluster.client.get(DEPLOYMENTS, ns, name);
    JsonNode s = d.path("status");
    return s.path("observedGeneration").asLong() >= ObjectMeta.of(d).generation()
        && s.path("updatedReplicas").asInt() == replicas && s.path("replicas").asInt() == replicas
        && s.path("availableReplicas").asInt() == replicas && s.path("readyReplicas").asInt() == replicas
        && s.path("unavailableReplicas").asInt() == 0;
  }

  private static String image(JsonNode podOrTemplate) {
    JsonNode spec = podOrTemplate.has("template") ? podOrTemplate.path("template").path("spec") : podOrTemplate.path("spec");
    return spec.path("containers").get(0).path("image").asString("");
  }

  private ObjectNode withStrategy(ObjectNode deployment, int surge, int unavailable) {
    ((ObjectNode) deployment.path("spec")).set("strategy", Json.parseObject("""
        {"type":"RollingUpdate","rollingUpdate":{"maxSurge":%d,"maxUnavailable":%d}}""".formatted(surge, unavailable)));
    return deployment;
  }

  private void setImage(String ns, String name, String image) {
    ObjectNode patch = Json.parseObject("""
        {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"%s"}]}}}}""".formatted(image));
    cluster.client.patch(DEPLOYMENTS, ns, name, PatchType.STRATEGIC_MERGE, patch, null);
  }

  @Test
  void rollingUpdateOfTenKeepsNineReadyAndRollbackRestoresTheTemplate() {
    String ns = cluster.namespace("rolling");
    cluster.client.create(DEPLOYMENTS, ns, withStrategy(Manifests.deployment("web", 10), 1, 1));
    await("web rolled out").atMost(ofSeconds(20)).until(() -> rolledOut(ns, "web", 10));
    String firstTemplateImage = image(cluster.client.get(DEPLOYMENTS, ns, "web").path("spec"));

    Map<String, Boolean> ready = new HashMap<>();
    AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger maxPods = new AtomicInteger();
    AtomicInteger seen = new AtomicInteger();
    try (WatchLog log = new WatchLog(cluster.client, ns, PODS)) {
      log.listen(e -> {
        boolean terminating = !ObjectMeta.of(e.object()).deletionTimestamp().isEmpty();
        if (e.type() == WatchEvent.Type.DELETED || terminating) {
          ready.remove(e.name());
        } else {
          ready.put(e.name(), isReady(e.object()));
        }
        if (seen.incrementAndGet() > 10) { // after the initial list of ten
          minReady.accumulateAndGet((int) ready.values().stream().filter(r -> r).count(), Math::min);
          maxPods.accumulateAndGet(ready.size(), Math::max);
        }
      });
      await("initial pods listed").atMost(ofSeconds(10)).until(() -> seen.get() >= 10);

      setImage(ns, "web", "tomcat:v2");
      await("web rolled out to v2").atMost(ofSeconds(20)).until(() -> rolledOut(ns, "web", 10)
          && cluster.items(PODS, ns).stream().allMatch(p -> image(p).equals("tomcat:v2")));
    }
    assertThat(minReady.get()).as("ready pods during the rollout").isGreaterThanOrEqualTo(9);
    assertThat(maxPods.get()).as("pods during the rollout").isLessThanOrEqualTo(11);

    // kubectl rollout undo: the template of the previous revision's ReplicaSet, without its hash label
    ObjectNode previous = cluster.items(REPLICASETS, ns).stream()
        .filter(rs -> "1".equals(ObjectMeta.of(rs).annotations().get("deployment.kubernetes.io/revision")))
        .findFirst().orElseThrow();
    ObjectNode template = (ObjectNode) previous.path("spec").path("template").deepCopy();
    ((ObjectNode) template.path("metadata").path("labels")).remove("pod-template-hash");
    ArrayNode undo = Json.array();
    undo.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
    cluster.client.patch(DEPLOYMENTS, ns, "web", PatchType.JSON, undo, null);

    await("web rolled back").atMost(ofSeconds(20)).until(() -> rolledOut(ns, "web", 10)
        && cluster.items(PODS, ns).stream().allMatch(p -> image(p).equals(firstTemplateImage)));
    ObjectNode restored = cluster.client.get(REPLICASETS, ns, ObjectMeta.of(previous).name());
    assertThat(ObjectMeta.of(restored).annotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(restored.path("spec").path("replicas").asInt()).isEqualTo(10);
    assertThat(ObjectMeta.of(cluster.client.get(DEPLOYMENTS, ns, "web")).annotations())
        .containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @Test
  void restartAnnotationStartsANewReplicaSetWithTheChangeCause() {
    String ns = cluster.namespace("restart");
    ObjectNode d = Manifests.deployment("api", 2);
    ((ObjectNode) d.path("metadata")).putObject("annotations").put("kubernetes.io/change-cause", "first deploy");
    cluster.client.create(DEPLOYMENTS, ns, d);
    await("api rolled out").atMost(ofSeconds(20)).until(() -> rolledOut(ns, "api", 2));

    // what kubectl rollout restart sends
    cluster.client.patch(DEPLOYMENTS, ns, "api", PatchType.STRATEGIC_MERGE, Json.parseObject("""
        {"metadata":{"annotations":{"kubernetes.io/change-cause":"restart"}},
         "spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}"""), null);

    await("api restarted").atMost(ofSeconds(20)).until(() -> rolledOut(ns, "api", 2) && cluster.items(REPLICASETS, ns).size() == 2);
    List<ObjectNode> sets = cluster.items(REPLICASETS, ns);
    assertThat(sets).anySatisfy(rs -> assertThat(ObjectMeta.of(rs).annotations())
        .containsEntry("deployment.kubernetes.io/revision", "1").containsEntry("kubernetes.io/change-cause", "first deploy"));
    assertThat(sets).anySatisfy(rs -> assertThat(ObjectMeta.of(rs).annotations())
        .containsEntry("deployment.kubernetes.io/revision", "2").containsEntry("kubernetes.io/change-cause", "restart"));
    assertThat(cluster.items(PODS, ns)).hasSize(2).allSatisfy(p -> assertThat(ObjectMeta.of(p).annotations())
        .containsKey("kubectl.kubernetes.io/restartedAt"));
  }

  private static boolean isReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c.path("status").asString("").equals("True");
      }
    }
    return false;
  }
}
