package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.WatchEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Cascading deletion through the real API server: foreground and orphan propagation. */
class GarbageCollectionTest {
  @TempDir static Path dir;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "gc-node-", 2, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void awaitRunning(String ns, int count) {
    await("%d running pods in %s".formatted(count, ns)).atMost(ofSeconds(15)).until(() -> {
      List<ObjectNode> pods = cluster.items(PODS, ns);
      return pods.size() == count && pods.stream().allMatch(p -> p.path("status").path("phase").asString("").equals("Running"));
    });
  }

  private boolean gone(String ns, String name) {
    try {
      cluster.client.get(DEPLOYMENTS, ns, name);
      return false;
    } catch (ApiException e) {
      return true;
    }
  }

  @Test
  void foregroundDeletionRemovesReplicaSetsAndPodsBeforeTheDeployment() {
    String ns = cluster.namespace("foreground");
    cluster.client.create(DEPLOYMENTS, ns, Manifests.deployment("web", 3));
    awaitRunning(ns, 3);

    try (WatchLog log = new WatchLog(cluster.client, ns, DEPLOYMENTS, REPLICASETS, PODS)) {
      await("watches see the current objects").atMost(ofSeconds(10)).until(() -> log.of("Pod", WatchEvent.Type.ADDED).size() == 3);
      cluster.client.delete(DEPLOYMENTS, ns, "web", new DeleteOptions("Foreground", -1));

      await("deployment web removed").atMost(ofSeconds(15)).until(() -> gone(ns, "web")
          && log.of("Deployment", WatchEvent.Type.DELETED).size() == 1);
      await("dependents' deletions seen").atMost(ofSeconds(10)).until(() ->
          log.of("ReplicaSet", WatchEvent.Type.DELETED).size() == 1 && log.of("Pod", WatchEvent.Type.DELETED).size() == 3);

      long deploymentRemoved = log.of("Deployment", WatchEvent.Type.DELETED).getFirst().revision();
      long marked = log.of("Deployment", WatchEvent.Type.MODIFIED).stream()
          .filter(e -> ObjectMeta.of(e.object()).deletionTimestamp().length() > 0)
          .filter(e -> e.object().path("metadata").path("finalizers").toString().contains("foregroundDeletion"))
          .mapToLong(WatchLog.Entry::revision).min().orElseThrow(() -> new AssertionError("deployment never seen marked"));
      List<Long> dependentsRemoved = log.entries().stream()
          .filter(e -> e.type() == WatchEvent.Type.DELETED && !e.kind().equals("Deployment"))
          .map(WatchLog.Entry::revision).toList();
      assertThat(dependentsRemoved).hasSize(4).allSatisfy(rev -> assertThat(rev).isBetween(marked, deploymentRemoved));
      // the replica set waited for its pods in turn
      long replicaSetRemoved = log.of("ReplicaSet", WatchEvent.Type.DELETED).getFirst().revision();
      assertThat(log.of("Pod", WatchEvent.Type.DELETED)).allSatisfy(e -> assertThat(e.revision()).isLessThan(replicaSetRemoved));
    }
  }

  @Test
  void orphanDeletionRightAfterADependentIsCreatedStillKeepsIt() {
    String ns = cluster.namespace("orphan-at-once");
    String uid = ObjectMeta.of(cluster.client.create(DEPLOYMENTS, ns, Manifests.deployment("owner", 0))).uid();
    ObjectNode pod = Manifests.pod("dependent");
    ((ObjectNode) pod.get("metadata")).putArray("ownerReferences").addObject()
        .put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", "owner").put("uid", uid);
    cluster.client.create(PODS, ns, pod);

    // At once: the collector's caches may not have the pod yet when it orphans the owner's dependents.
    cluster.client.delete(DEPLOYMENTS, ns, "owner", new DeleteOptions("Orphan", -1));

    await("deployment owner removed").atMost(ofSeconds(15)).until(() -> gone(ns, "owner"));
    await("the pod kept, without its reference to the deployment").atMost(ofSeconds(15))
        .failFast("the pod was collected", () -> cluster.items(PODS, ns).isEmpty())
        .until(() -> cluster.items(PODS, ns).stream()
            .allMatch(p -> ObjectMeta.of(p).ownerReferences().stream().noneMatch(ref -> ref.uid().equals(uid))));
    assertThat(cluster.items(PODS, ns)).singleElement()
        .satisfies(p -> assertThat(ObjectMeta.of(p).deletionTimestamp()).isEmpty());
  }

  @Test
  void orphanDeletionKeepsReplicaSetAndPodsWithoutTheOwnerReference() {
    String ns = cluster.namespace("orphan");
    ObjectNode created = cluster.client.create(DEPLOYMENTS, ns, Manifests.deployment("keep", 2));
    awaitRunning(ns, 2);
    String rsName = ObjectMeta.of(cluster.items(REPLICASETS, ns).getFirst()).name();

    cluster.client.delete(DEPLOYMENTS, ns, "keep", new DeleteOptions("Orphan", -1));

    await("deployment keep removed").atMost(ofSeconds(15)).until(() -> gone(ns, "keep"));
    String uid = ObjectMeta.of(created).uid();
    assertThat(cluster.items(REPLICASETS, ns)).singleElement().satisfies(rs -> {
      assertThat(ObjectMeta.of(rs).name()).isEqualTo(rsName);
      assertThat(ObjectMeta.of(rs).ownerReferences()).noneMatch(ref -> ref.uid().equals(uid));
      assertThat(ObjectMeta.of(rs).deletionTimestamp()).isEmpty();
    });
    assertThat(cluster.items(PODS, ns)).hasSize(2).allSatisfy(pod -> {
      assertThat(ObjectMeta.of(pod).deletionTimestamp()).isEmpty();
      assertThat(ObjectMeta.of(pod).controller()).hasValueSatisfying(ref -> assertThat(ref.name()).isEqualTo(rsName));
    });
  }
}
