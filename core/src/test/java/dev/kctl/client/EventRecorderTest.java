package dev.kctl.client;

import static dev.kctl.api.ResourceTypes.EVENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventRecorderTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryClient client = new InMemoryClient(clock);
  private final EventRecorder recorder = new EventRecorder(client, "default-scheduler", "", clock);
  private final ObjectNode pod = client.create(PODS, "default", Json.parseObject("""
      {"metadata": {"name": "web-1"}, "spec": {}}"""));

  @Test
  void identicalEventsCountUpOnOneEvent() {
    recorder.warning(pod, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.");
    clock.advance(Duration.ofSeconds(30));
    recorder.warning(pod, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.");
    clock.advance(Duration.ofSeconds(30));
    recorder.warning(pod, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.");

    assertThat(client.all(EVENTS)).singleElement().satisfies(e -> {
      assertThat(e.path("count").asInt()).isEqualTo(3);
      assertThat(e.path("firstTimestamp").asString()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(e.path("lastTimestamp").asString()).isEqualTo(Timestamps.time(Instant.parse("2026-01-01T00:01:00Z")));
    });
  }

  @Test
  void aDifferentMessageOrReasonIsANewEvent() {
    recorder.warning(pod, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.");
    recorder.warning(pod, "FailedScheduling", "0/2 nodes are available: 2 Insufficient cpu.");
    recorder.normal(pod, "Scheduled", "Successfully assigned default/web-1 to node-1");

    assertThat(client.all(EVENTS)).hasSize(3).allSatisfy(e -> assertThat(e.path("count").asInt()).isEqualTo(1));
  }

  @Test
  void aRepeatAfterTheWindowStartsANewEvent() {
    recorder.normal(pod, "Pulled", "Image is present");
    clock.advance(EventRecorder.AGGREGATION_WINDOW.plusSeconds(1));
    recorder.normal(pod, "Pulled", "Image is present");

    assertThat(client.all(EVENTS)).hasSize(2);
  }

  @Test
  void aRepeatOfADeletedEventCreatesItAgain() {
    recorder.normal(pod, "Pulled", "Image is present");
    ObjectNode first = client.all(EVENTS).getFirst();
    client.delete(EVENTS, "default", ObjectMeta.of(first).name());
    clock.advance(Duration.ofSeconds(1));

    recorder.normal(pod, "Pulled", "Image is present");

    assertThat(client.all(EVENTS)).singleElement().satisfies(e -> assertThat(e.path("count").asInt()).isEqualTo(1));
  }
}
