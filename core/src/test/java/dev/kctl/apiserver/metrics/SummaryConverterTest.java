package dev.kctl.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SummaryConverterTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final JsonNode SUMMARY = Json.parse("""
      {"node": {"nodeName": "n1",
                "cpu": {"time": "2026-11-25T09:59:55Z", "usageNanoCores": 1500000000, "usageCoreNanoSeconds": 9000,
                        "windowSeconds": 10.0024},
                "memory": {"time": "2026-11-25T09:59:55Z", "workingSetBytes": 2147483648, "availableBytes": 1}},
       "pods": [
         {"podRef": {"name": "busy", "namespace": "default", "uid": "u-busy"},
          "cpu": {"time": "2026-11-25T09:59:55Z", "usageNanoCores": 990000000, "windowSeconds": 10},
          "memory": {"workingSetBytes": 3000000},
          "containers": [
            {"name": "burn", "cpu": {"usageNanoCores": 980000000}, "memory": {"workingSetBytes": 2000000}},
            {"name": "side", "cpu": {"usageNanoCores": 10000000}, "memory": {"workingSetBytes": 1000001}}]},
         {"podRef": {"name": "new", "namespace": "default", "uid": "u-new"},
          "containers": [{"name": "main", "cpu": {"usageCoreNanoSeconds": 5}, "memory": {"workingSetBytes": 4096}}]},
         {"podRef": {"name": "reborn", "namespace": "default", "uid": "u-old"},
          "containers": [{"name": "main", "cpu": {"usageNanoCores": 5}, "memory": {"workingSetBytes": 4096}}]}]}
      """);

  @Test
  void nodeMetricsCarryCpuInNanocoresMemoryInKibibytesAndTheNodesLabels() {
    JsonNode node = Json.parse("""
        {"metadata": {"name": "n1", "labels": {"kubernetes.io/hostname": "n1"}}}""");

    ObjectNode metrics = SummaryConverter.nodeMetrics(node, SUMMARY, NOW).orElseThrow();

    assertThat(metrics.path("kind").asString()).isEqualTo("NodeMetrics");
    assertThat(metrics.path("apiVersion").asString()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(metrics.path("metadata").path("name").asString()).isEqualTo("n1");
    assertThat(metrics.path("metadata").path("labels").path("kubernetes.io/hostname").asString()).isEqualTo("n1");
    assertThat(metrics.path("metadata").path("creationTimestamp").asString()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(metrics.path("timestamp").asString()).isEqualTo("2026-11-25T09:59:55Z");
    assertThat(metrics.path("window").asString()).isEqualTo("10.002s");
    assertThat(metrics.path("usage").path("cpu").asString()).isEqualTo("1500000000n");
    assertThat(metrics.path("usage").path("memory").asString()).isEqualTo("2097152Ki");
  }

  @Test
  void nodeWithoutARateYetHasNoMetrics() {
    JsonNode summary = Json.parse("""
        {"node": {"cpu": {"usageCoreNanoSeconds": 9000}, "memory": {"workingSetBytes": 1}}}""");

    assertThat(SummaryConverter.nodeMetrics(Json.parse("{\"metadata\": {\"name\": \"n1\"}}"), summary, NOW)).isEmpty();
  }

  @Test
  void podMetricsListEveryContainerAndSkipPodsWithoutRatesOrWithAnotherUid() {
    Map<String, JsonNode> pods = Map.of(
        "default/busy", pod("busy", "u-busy"),
        "default/new", pod("new", "u-new"),
        "default/reborn", pod("reborn", "u-new-incarnation"));

    List<ObjectNode> metrics = SummaryConverter.podMetrics(SUMMARY, pods, NOW);

    assertThat(metrics).hasSize(1);
    ObjectNode busy = metrics.getFirst();
    assertThat(busy.path("kind").asString()).isEqualTo("PodMetrics");
    assertThat(busy.path("metadata").path("namespace").asString()).isEqualTo("default");
    assertThat(busy.path("metadata").path("labels").path("app").asString()).isEqualTo("busy");
    assertThat(busy.path("window").asString()).isEqualTo("10s");
    assertThat(busy.path("containers")).hasSize(2);
    assertThat(busy.path("containers").get(0).path("name").asString()).isEqualTo("burn");
    assertThat(busy.path("containers").get(0).path("usage").path("cpu").asString()).isEqualTo("980000000n");
    assertThat(busy.path("containers").get(0).path("usage").path("memory").asString()).isEqualTo("1954Ki");
    // 1000001 bytes is 976.56 KiB: rounded up, so that a little memory never reads as none.
    assertThat(busy.path("containers").get(1).path("usage").path("memory").asString()).isEqualTo("977Ki");
  }

  @Test
  void podsNotAskedForAreLeftOut() {
    assertThat(SummaryConverter.podMetrics(SUMMARY, Map.of(), NOW)).isEmpty();
  }

  @Test
  void windowsAreGoDurationsToTheMillisecond() {
    assertThat(SummaryConverter.window(10)).isEqualTo("10s");
    assertThat(SummaryConverter.window(9.9996)).isEqualTo("10s");
    assertThat(SummaryConverter.window(20.25)).isEqualTo("20.25s");
    assertThat(SummaryConverter.window(0)).isEqualTo("0s");
  }

  private static JsonNode pod(String name, String uid) {
    return Json.parse("""
        {"metadata": {"name": "%s", "namespace": "default", "uid": "%s", "labels": {"app": "%s"}}}"""
        .formatted(name, uid, name));
  }
}
