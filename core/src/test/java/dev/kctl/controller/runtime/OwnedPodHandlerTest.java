package dev.kctl.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class OwnedPodHandlerTest {
  private final Expectations expectations = new Expectations(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
  private final WorkQueue queue = new WorkQueue("test");

  @AfterEach
  void close() {
    queue.close();
  }

  private static ObjectNode pod(String name, String owner, boolean terminating) {
    ObjectNode pod = Json.parseObject("""
        {"metadata": {"name": "%s", "namespace": "default",
          "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "%s", "uid": "u-%s", "controller": true}]}}
        """.formatted(name, owner, owner));
    if (terminating) {
      ((ObjectNode) pod.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    }
    return pod;
  }

  @Test
  void anAddedPodMeetsItsOwnersCreationAndQueuesIt() throws InterruptedException {
    expectations.expectCreations("default/web", 1);
    OwnedPodHandler.of("ReplicaSet", expectations, queue).onAdd(pod("web-a", "web", false));
    assertThat(expectations.satisfied("default/web")).isTrue();
    assertThat(queue.take()).isEqualTo("default/web");
  }

  @Test
  void podsOfAnotherKindOfOwnerAreIgnored() {
    expectations.expectCreations("default/web", 1);
    OwnedPodHandler.of("Job", expectations, queue).onAdd(pod("web-a", "web", false));
    assertThat(expectations.satisfied("default/web")).isFalse();
    assertThat(queue.length()).isZero();
  }

  @Test
  void aPodThatStartsTerminatingMeetsItsDeletion() {
    expectations.expectDeletions("default/web", List.of("default/web-a"));
    OwnedPodHandler.of("ReplicaSet", expectations, queue).onUpdate(pod("web-a", "web", false), pod("web-a", "web", true));
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void onlyARelistAwareHandlerCountsAPodTerminatingWhenFirstSeenAsDeleted() {
    expectations.expectDeletions("default/web", List.of("default/web-a"));
    OwnedPodHandler.of("ReplicaSet", expectations, queue).onAdd(pod("web-a", "web", true));
    assertThat(expectations.satisfied("default/web")).isFalse();
    OwnedPodHandler.relistAware("ReplicaSet", expectations, queue).onAdd(pod("web-a", "web", true));
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void aRelistAwareHandlerAlsoQueuesAPodsFormerOwner() {
    OwnedPodHandler.relistAware("ReplicaSet", expectations, queue).onUpdate(pod("web-a", "old", false), pod("web-a", "web", false));
    assertThat(queue.length()).isEqualTo(2);
  }
}
