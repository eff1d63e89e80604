package dev.kctl.client;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class InformerTest {
  private final InMemoryClient client = new InMemoryClient(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private Informer informer;

  @AfterEach
  void closeInformer() {
    if (informer != null) {
      informer.close();
    }
  }

  private static ObjectNode pod(String name, String app) {
    ObjectNode pod = Json.object();
    pod.putObject("metadata").put("name", name).putObject("labels").put("app", app);
    pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "tomcat");
    return pod;
  }

  private void startInformer(ListOptions options) {
    informer = new Informer(client, ResourceTypes.PODS, "default", options);
    informer.addHandler(new InformerHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        record("add " + object.path("metadata").path("name").asString());
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        record("update " + current.path("metadata").path("name").asString() + " " + current.path("spec").path("nodeName").asString(""));
      }

      @Override
      public void onDelete(ObjectNode last) {
        record("delete " + last.path("metadata").path("name").asString());
      }
    });
    informer.start();
    await("informer synced").atMost(ofSeconds(10)).until(informer::hasSynced);
  }

  private void record(String call) {
    calls.add(call);
    threads.add(Thread.currentThread().getName());
  }

  private void bind(String pod, String node) {
    ObjectNode binding = Json.object();
    binding.putObject("target").put("kind", "Node").put("name", node);
    client.createSubresource(ResourceTypes.PODS, "default", pod, "binding", binding);
  }

  @Test
  void listsExistingObjectsThenDeliversChangesInOrderFromOneThread() {
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    startInformer(ListOptions.NONE);
    assertThat(calls).containsExactly("add a");

    client.create(ResourceTypes.PODS, "default", pod("b", "web"));
    bind("b", "node-1");
    client.delete(ResourceTypes.PODS, "default", "a");

    await("changes seen").atMost(ofSeconds(10))
        .untilAsserted(() -> assertThat(calls).containsExactly("add a", "add b", "update b node-1", "delete a"));
    assertThat(threads).containsExactly("informer-pods");
  }

  @Test
  void cacheAnswersGetAndListWithKindAndApiVersionSet() {
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    client.create(ResourceTypes.PODS, "other", pod("elsewhere", "web"));
    startInformer(ListOptions.NONE);

    assertThat(informer.get("default/a")).hasValueSatisfying(p -> {
      assertThat(p.path("kind").asString()).isEqualTo("Pod");
      assertThat(p.path("apiVersion").asString()).isEqualTo("v1");
    });
    assertThat(informer.get("other/elsewhere")).isEmpty();
    assertThat(informer.list()).hasSize(1);
  }

  @Test
  void onlyObjectsMatchingTheLabelSelectorAreCached() {
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    client.create(ResourceTypes.PODS, "default", pod("b", "db"));
    startInformer(ListOptions.NONE.withLabelSelector("app=web"));
    client.create(ResourceTypes.PODS, "default", pod("c", "db"));
    client.create(ResourceTypes.PODS, "default", pod("d", "web"));

    await("d seen").atMost(ofSeconds(10)).until(() -> informer.get("default/d").isPresent());
    assertThat(calls).containsExactly("add a", "add d");
  }

  @Test
  void relistsAfterDroppedStreamAndReportsDeletionsItMissed() {
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    client.create(ResourceTypes.PODS, "default", pod("b", "web"));
    startInformer(ListOptions.NONE);

    client.deleteSilently(ResourceTypes.PODS, "default", "a");
    client.dropWatches(new ApiException(StatusReason.InternalError, "connection reset"));

    await("missed deletion reported").atMost(ofSeconds(10)).until(() -> calls.contains("delete a"));
    assertThat(informer.get("default/a")).isEmpty();
    assertThat(informer.get("default/b")).isPresent();
    assertThat(client.listCalls()).isEqualTo(2);
  }

  @Test
  void relistsWhenTheWatchSaysGone() {
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    startInformer(ListOptions.NONE);

    client.deleteSilently(ResourceTypes.PODS, "default", "a");
    client.sendGone();

    await("missed deletion reported").atMost(ofSeconds(10)).until(() -> calls.contains("delete a"));
    client.create(ResourceTypes.PODS, "default", pod("b", "web"));
    await("watching again").atMost(ofSeconds(10)).until(() -> calls.contains("add b"));
  }

  @Test
  void resumesFromLastResourceVersionWithoutRelistWhenTheServerEndsTheWatch() {
    startInformer(ListOptions.NONE);
    client.create(ResourceTypes.PODS, "default", pod("a", "web"));
    await("a seen").atMost(ofSeconds(10)).until(() -> calls.contains("add a"));

    client.dropWatches(null);
    await("rewatched").atMost(ofSeconds(10)).until(() -> client.openWatches() == 1);
    client.create(ResourceTypes.PODS, "default", pod("b", "web"));

    await("b seen").atMost(ofSeconds(10)).until(() -> calls.contains("add b"));
    assertThat(calls).containsExactly("add a", "add b");
    assertThat(client.listCalls()).isEqualTo(1);
  }

  @Test
  void closeStopsTheWatch() {
    startInformer(ListOptions.NONE);
    await("watching").atMost(ofSeconds(10)).until(() -> client.openWatches() == 1);

    informer.close();

    assertThat(client.openWatches()).isZero();
    client.create(ResourceTypes.PODS, "default", pod("late", "web"));
    assertThat(calls).isEmpty();
  }
}
