package dev.kctl.controller.runtime;

import static dev.kctl.api.ResourceTypes.PODS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.client.EventRecorder;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodControlTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final Expectations expectations = new Expectations(clock);
  private final PodControl control = new PodControl(client, new EventRecorder(client, "test", "", clock), expectations, "replica set");
  private final ObjectNode owner = Json.parseObject("""
      {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "namespace": "default", "uid": "u-web"}}
      """);

  private static ObjectNode pod(String name) {
    return Json.parseObject("{\"metadata\": {\"name\": \"%s\"}}".formatted(name));
  }

  @Test
  void createdPodsAreExpectedAndAnnounced() {
    control.createPods("default/web", owner, 2, i -> pod("web-" + i));
    assertThat(client.all(PODS)).hasSize(2);
    assertThat(client.eventMessages("SuccessfulCreate")).containsExactlyInAnyOrder("Created pod: web-0", "Created pod: web-1");
    assertThat(expectations.satisfied("default/web")).isFalse();
  }

  @Test
  void aFailedCreateStopsAndNoLongerExpectsThePodsNotCreated() {
    assertThatThrownBy(() -> control.createPods("default/web", owner, 3, i -> pod("web-same")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot create pods for replica set default/web");
    assertThat(client.all(PODS)).hasSize(1);
    assertThat(client.eventMessages("FailedCreate")).hasSize(1);
    // only the one pod created is still to be seen by the informer
    assertThat(expectations.satisfied("default/web")).isFalse();
    expectations.creationObserved("default/web");
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void deletingAPodAlreadyGoneIsNoErrorAndNoLongerExpected() {
    ObjectNode gone = Json.parseObject("{\"metadata\": {\"name\": \"web-x\", \"namespace\": \"default\"}}");
    control.deletePods("default/web", owner, List.of(gone));
    assertThat(expectations.satisfied("default/web")).isTrue();
    assertThat(client.eventMessages("SuccessfulDelete")).isEmpty();
  }
}
