package dev.kctl.scheduler;

import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.client.InMemoryClient;
import dev.kctl.codec.Json;
import dev.kctl.client.PatchType;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final InMemoryClient client = new InMemoryClient(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));

  @Test
  void podWaitingForANodeIsBoundOnceTheNodeTurnsReady() {
    try (Scheduler scheduler = Scheduler.start(client, InstantSource.system())) {
      client.create(PODS, "default", Json.parseObject("""
          {"metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "tomcat"}]}}"""));
      await("first attempt failed").atMost(ofSeconds(10))
          .until(() -> !client.eventMessages("FailedScheduling").isEmpty());

      client.create(NODES, null, Json.parseObject("""
          {"metadata": {"name": "node-1"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}"""));
      client.patch(NODES, null, "node-1", PatchType.MERGE, Json.parse("""
          {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}"""), "status");

      await("web bound").atMost(ofSeconds(10))
          .until(() -> client.get(PODS, "default", "web").path("spec").path("nodeName").asString("").equals("node-1"));
      assertThat(client.eventMessages("Scheduled")).containsExactly("Successfully assigned default/web to node-1");
    }
  }
}
