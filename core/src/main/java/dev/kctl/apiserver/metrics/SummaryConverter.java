package dev.kctl.apiserver.metrics;

import dev.kctl.api.MetricsTypes;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns kletd's stats summary (see kletd's {@code dev.kctl.kletd.stats.SummaryHandler}) into the
 * objects of the metrics API, as metrics-server does with the kubelet's:
 *
 * <pre>{@code
 * {"kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
 *  "metadata": {"name": "web", "namespace": "default", "creationTimestamp": <now>, "labels": <the pod's>},
 *  "timestamp": "2026-11-25T08:47:41Z", "window": "10.002s",
 *  "containers": [{"name": "main", "usage": {"cpu": "250123456n", "memory": "2048Ki"}}]}
 * }</pre>
 *
 * CPU is the rate over kletd's last two samples in nanocores ({@code n}), memory the working set
 * in KiB, rounded up. A container without a rate yet (seen in one sample only) has no metrics;
 * nor has its pod, so that a pod's usage is never the sum of only some of its containers.
 */
final class SummaryConverter {
  private SummaryConverter() {}

  /** The NodeMetrics of {@code node} (a Node object) from its kletd's summary; empty without a rate. */
  static Optional<ObjectNode> nodeMetrics(JsonNode node, JsonNode summary, Instant now) {
    JsonNode stats = summary.path("node");
    Optional<ObjectNode> usage = usage(stats);
    if (usage.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode metrics = object(MetricsTypes.NODES.kind(), node.path("metadata"), now);
    timing(metrics, stats.path("cpu"));
    metrics.set("usage", usage.get());
    return Optional.of(metrics);
  }

  /**
   * The PodMetrics of the summary's pods that are in {@code pods} (by {@code namespace/name}, with
   * the same uid, so that a pod created again under the same name does not get the old one's
   * usage), in the summary's order.
   */
  static List<ObjectNode> podMetrics(JsonNode summary, Map<String, ? extends JsonNode> pods, Instant now) {
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode stats : summary.path("pods")) {
      JsonNode ref = stats.path("podRef");
      JsonNode pod = pods.get(ref.path("namespace").asString("") + "/" + ref.path("name").asString(""));
      if (pod == null || !pod.path("metadata").path("uid").asString("").equals(ref.path("uid").asString(""))) {
        continue;
      }
      podMetrics(pod, stats, now).ifPresent(items::add);
    }
    return items;
  }

  private static Optional<ObjectNode> podMetrics(JsonNode pod, JsonNode stats, Instant now) {
    if (stats.path("containers").isEmpty()) {
      return Optional.empty();
    }
    List<ObjectNode> containers = new ArrayList<>();
    for (JsonNode container : stats.path("containers")) {
      Optional<ObjectNode> usage = usage(container);
      if (usage.isEmpty()) {
        return Optional.empty();
      }
      ObjectNode entry = Json.object();
      entry.put("name", container.path("name").asString(""));
      entry.set("usage", usage.get());
      containers.add(entry);
    }
    ObjectNode metrics = object(MetricsTypes.PODS.kind(), pod.path("metadata"), now);
    timing(metrics, stats.path("cpu"));
    metrics.putArray("containers").addAll(containers);
    return Optional.of(metrics);
  }

  /** {@code {"cpu": "<n>n", "memory": "<k>Ki"}}, or empty when the stats lack a rate or a working set. */
  private static Optional<ObjectNode> usage(JsonNode stats) {
    JsonNode cpu = stats.path("cpu").path("usageNanoCores");
    JsonNode memory = stats.path("memory").path("workingSetBytes");
    if (!cpu.isNumber() || !memory.isNumber()) {
      return Optional.empty();
    }
    ObjectNode usage = Json.object();
    usage.put("cpu", cpu.asLong() + "n");
    usage.put("memory", Math.ceilDiv(memory.asLong(), 1024L) + "Ki");
    return Optional.of(usage);
  }

  private static ObjectNode object(String kind, JsonNode sourceMeta, Instant now) {
    ObjectNode metrics = Json.object();
    metrics.put("kind", kind);
    metrics.put("apiVersion", MetricsTypes.NODES.apiVersion());
    ObjectNode meta = metrics.putObject("metadata");
    meta.put("name", sourceMeta.path("name").asString(""));
    if (sourceMeta.has("namespace")) {
      meta.put("namespace", sourceMeta.path("namespace").asString(""));
    }
    // Computed for this request, as metrics-server's objects are.
    meta.put("creationTimestamp", Timestamps.time(now));
    if (sourceMeta.path("labels").isObject()) {
      meta.set("labels", sourceMeta.path("labels").deepCopy());
    }
    return metrics;
  }

  /** {@code timestamp}: when the newer sample was taken; {@code window}: how long before it the older one was. */
  private static void timing(ObjectNode metrics, JsonNode cpu) {
    metrics.put("timestamp", cpu.path("time").asString(""));
    metrics.put("window", window(cpu.path("windowSeconds").asDouble(0)));
  }

  /** A duration as Go writes it and kubectl parses it: {@code 10.002s}, to the millisecond. */
  static String window(double seconds) {
    BigDecimal rounded = BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return (rounded.signum() == 0 ? "0" : rounded.toPlainString()) + "s";
  }
}
