package dev.kctl.controller.runtime;

import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.client.InMemoryClient;
import dev.kctl.client.MutableClock;
import dev.kctl.codec.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StatusWriterTest {
  private final InMemoryClient client = new InMemoryClient(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));

  private ObjectNode replicaSet() {
    return client.create(REPLICASETS, "default", Json.parseObject("""
        {"metadata": {"name": "web"}, "spec": {"replicas": 1}, "status": {"replicas": 1}}
        """));
  }

  @Test
  void anUnchangedStatusIsNotWritten() {
    ObjectNode rs = replicaSet();
    client.clearActions();
    assertThat(StatusWriter.writeIfChanged(client, REPLICASETS, rs, Json.parseObject("{\"replicas\": 1}"))).isFalse();
    assertThat(client.actions()).isEmpty();
  }

  @Test
  void aChangedStatusIsWritten() {
    ObjectNode rs = replicaSet();
    assertThat(StatusWriter.writeIfChanged(client, REPLICASETS, rs, Json.parseObject("{\"replicas\": 2}"))).isTrue();
    assertThat(client.get(REPLICASETS, "default", "web").path("status").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void anObjectDeletedMeanwhileIsReportedGoneOrThrown() {
    ObjectNode rs = replicaSet();
    client.delete(REPLICASETS, "default", "web");
    ObjectNode status = Json.parseObject("{\"replicas\": 2}");
    assertThat(StatusWriter.writeUnlessGone(client, REPLICASETS, rs, status)).isFalse();
    assertThatThrownBy(() -> StatusWriter.writeIfChanged(client, REPLICASETS, rs, status)).isInstanceOf(ApiException.class);
  }
}
