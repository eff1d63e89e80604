package dev.kctl.controller.job;

import static dev.kctl.api.ResourceTypes.JOBS;
import static dev.kctl.api.ResourceTypes.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.InformerFixture;
import dev.kctl.client.MutableClock;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class JobControllerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final InformerFixture informers = new InformerFixture(client);
  private JobController controller;

  @BeforeEach
  void start() {
    controller = new JobController(client, informers.informer(JOBS), informers.informer(PODS), clock);
    informers.start();
    client.create(JOBS, "default", Json.parseObject("""
        {"metadata": {"name": "migrate"},
         "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 2,
                  "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "m", "image": "migrate"}]}}}}"""));
  }

  @AfterEach
  void stop() {
    informers.close();
    controller.queue().close();
  }

  private void reconcile() {
    informers.awaitCaughtUp();
    controller.reconcile("default/migrate");
  }

  private List<ObjectNode> running() {
    return client.all(PODS).stream().filter(p -> !p.path("status").path("phase").asString("").equals("Failed")).toList();
  }

  /** The running pod fails now, as kletd would report it. */
  private void failRunningPod() {
    ObjectNode pod = running().getFirst();
    client.patch(PODS, "default", ObjectMeta.of(pod).name(), PatchType.MERGE, Json.parse("""
        {"status": {"phase": "Failed", "containerStatuses": [{"name": "m", "state": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}}]}}"""
        .formatted(Timestamps.time(clock.instant()))), "status");
  }

  private JsonNode status() {
    return client.get(JOBS, "default", "migrate").path("status");
  }

  @Test
  void failedPodsAreReplacedAfterADoublingDelayUntilTheBackoffLimit() {
    reconcile();
    assertThat(running()).hasSize(1);

    failRunningPod();
    reconcile();
    assertThat(running()).as("10 s back-off after the first failure").isEmpty();
    assertThat(status().path("failed").asInt()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(9));
    reconcile();
    assertThat(running()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    reconcile();
    assertThat(running()).hasSize(1);

    failRunningPod();
    clock.advance(Duration.ofSeconds(19));
    reconcile();
    assertThat(running()).as("20 s after the second").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    reconcile();
    assertThat(running()).hasSize(1);

    failRunningPod();
    reconcile();
    assertThat(status().path("failed").asInt()).isEqualTo(3);
    assertThat(status().path("conditions")).anySatisfy(c -> {
      assertThat(c.path("type").asString()).isEqualTo("Failed");
      assertThat(c.path("reason").asString()).isEqualTo("BackoffLimitExceeded");
    });
    clock.advance(Duration.ofMinutes(10));
    reconcile();
    assertThat(running()).as("a failed Job creates no more pods").isEmpty();
  }

  @Test
  void theDelayDoublesFromTenSecondsToAtMostSixMinutes() {
    assertThat(FailureBackoff.delay(0)).isZero();
    assertThat(FailureBackoff.delay(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(FailureBackoff.delay(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(FailureBackoff.delay(6)).isEqualTo(Duration.ofSeconds(320));
    assertThat(FailureBackoff.delay(7)).isEqualTo(Duration.ofMinutes(6));
    assertThat(FailureBackoff.delay(100)).isEqualTo(Duration.ofMinutes(6));
  }
}
