package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.CONFIGMAPS;
import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.NAMESPACES;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static dev.kctl.api.ResourceTypes.SERVICES;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deleting a namespace as Kubernetes does: it turns Terminating, refuses new content, the
 * namespace controller deletes what is in it through the API and reports what remains, and the
 * namespace goes once it is empty. A pod held by a finalizer of the test's own keeps the
 * namespace Terminating until the test releases it.
 */
class NamespaceDeletionTest {
  private static final String HOLD = "example.com/hold";

  @TempDir static Path dir;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "ns-node-", 1, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void terminatingNamespaceRefusesNewContentIsEmptiedAndThenRemoved() {
    String ns = cluster.namespace("doomed");
    assertThat(cluster.client.get(NAMESPACES, null, ns).path("spec").path("finalizers").get(0).asString()).isEqualTo("kubernetes");
    cluster.client.create(DEPLOYMENTS, ns, Manifests.deployment("web", 2));
    cluster.client.create(CONFIGMAPS, ns, configMap("settings"));
    cluster.client.create(SERVICES, ns, Json.parseObject("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
         "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"""));
    ObjectNode held = Json.parseObject("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"held","finalizers":["%s"]},
         "spec":{"containers":[{"name":"app","image":"tomcat"}]}}""".formatted(HOLD));
    cluster.client.create(PODS, ns, held);
    await("web and held Running").atMost(ofSeconds(15)).until(() -> cluster.items(PODS, ns).stream()
        .filter(p -> p.path("status").path("phase").asString("").equals("Running")).count() == 3);

    ObjectNode answer = cluster.client.delete(NAMESPACES, null, ns);
    assertThat(answer.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(answer.path("status").path("phase").asString()).isEqualTo("Terminating");

    assertThatThrownBy(() -> cluster.client.create(CONFIGMAPS, ns, configMap("late")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.Forbidden);
          assertThat(e.getMessage()).isEqualTo(
              "configmaps \"late\" is forbidden: unable to create new content in namespace doomed because it is being terminated");
          assertThat(e.causes()).extracting(ApiException.Cause::reason).containsExactly("NamespaceTerminating");
        });

    await("everything but the held pod gone").atMost(ofSeconds(20)).until(() ->
        cluster.items(DEPLOYMENTS, ns).isEmpty() && cluster.items(REPLICASETS, ns).isEmpty()
            && cluster.items(CONFIGMAPS, ns).isEmpty() && cluster.items(SERVICES, ns).isEmpty()
            && cluster.items(PODS, ns).stream().map(p -> p.path("metadata").path("name").asString()).toList().equals(java.util.List.of("held")));
    await("conditions name what remains").atMost(ofSeconds(10)).untilAsserted(() -> {
      JsonNode namespace = cluster.client.get(NAMESPACES, null, ns);
      assertThat(namespace.path("status").path("phase").asString()).isEqualTo("Terminating");
      assertThat(condition(namespace, "NamespaceContentRemaining")).hasValueSatisfying(c -> {
        assertThat(c.path("status").asString()).isEqualTo("True");
        assertThat(c.path("reason").asString()).isEqualTo("SomeResourcesRemain");
        assertThat(c.path("message").asString()).isEqualTo("Some resources are remaining: pods. has 1 resource instances");
      });
      assertThat(condition(namespace, "NamespaceFinalizersRemaining")).hasValueSatisfying(c ->
          assertThat(c.path("message").asString())
              .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"));
      assertThat(condition(namespace, "NamespaceDeletionContentFailure")).hasValueSatisfying(c ->
          assertThat(c.path("status").asString()).isEqualTo("False"));
    });
    assertThat(cluster.client.delete(NAMESPACES, null, ns).path("status").path("phase").asString())
        .as("deleting again while terminating changes nothing").isEqualTo("Terminating");

    cluster.client.patch(PODS, ns, "held", PatchType.MERGE, Json.parseObject("{\"metadata\":{\"finalizers\":null}}"), null);

    await("namespace gone").atMost(ofSeconds(15)).until(() -> isGone(ns));
  }

  @Test
  void systemNamespacesMayNotBeDeleted() {
    for (String ns : java.util.List.of("default", "kube-system", "kube-public")) {
      assertThatThrownBy(() -> cluster.client.delete(NAMESPACES, null, ns))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(StatusReason.Forbidden);
            assertThat(e.getMessage()).isEqualTo("namespaces \"%s\" is forbidden: this namespace may not be deleted".formatted(ns));
          });
    }
  }

  @Test
  void namespaceFinalizersChangeOnlyThroughFinalize() {
    String ns = cluster.namespace("kept");
    ObjectNode namespace = cluster.client.get(NAMESPACES, null, ns);
    ((ObjectNode) namespace.path("spec")).putArray("finalizers");
    JsonNode updated = cluster.client.update(NAMESPACES, namespace);
    assertThat(updated.path("spec").path("finalizers").get(0).asString()).isEqualTo("kubernetes");

    cluster.client.patch(NAMESPACES, null, ns, PatchType.MERGE, Json.parseObject("{\"spec\":{\"finalizers\":[]}}"), "finalize");
    assertThat(cluster.client.get(NAMESPACES, null, ns).path("spec").path("finalizers").isEmpty()).isTrue();
    cluster.client.delete(NAMESPACES, null, ns);
    assertThat(isGone(ns)).as("a namespace without finalizers goes at once").isTrue();
  }

  private static boolean isGone(String ns) {
    try {
      cluster.client.get(NAMESPACES, null, ns);
      return false;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return true;
      }
      throw e;
    }
  }

  private static Optional<JsonNode> condition(JsonNode namespace, String type) {
    for (JsonNode c : namespace.path("status").path("conditions")) {
      if (c.path("type").asString("").equals(type)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static ObjectNode configMap(String name) {
    return Json.parseObject("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"},"data":{"a":"b"}}""".formatted(name));
  }
}
