package dev.kctl.apiserver.metrics;

import dev.kctl.api.ApiException;
import dev.kctl.api.MetricsTypes;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.kubelet.KubeletAccess;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource metrics API, {@code metrics.k8s.io/v1beta1}, served by kctld itself where a
 * Kubernetes cluster runs metrics-server: {@code get} and {@code list} of {@code nodes} and of
 * {@code pods} (all namespaces or one, with a label selector), which {@code kubectl top} reads.
 *
 * <p>Nothing is stored or cached: each request lists the Nodes (or Pods) it is about, asks the
 * kletd of every Ready node concerned for its stats summary (in parallel, each within
 * {@link Summaries#TIMEOUT}) and converts the answers with {@link SummaryConverter}. A node that
 * does not answer, and a pod that has no usage rate yet, is left out of a list, as metrics-server
 * leaves out what it could not scrape; a get of one is NotFound.
 */
public final class MetricsApi {
  private final Client client;
  private final Summaries summaries;
  private final InstantSource clock;

  /**
   * @param client reads Nodes and Pods (kctld's in-process client)
   * @param kubelets how to reach and authenticate to the nodes' kletd
   */
  public MetricsApi(Client client, KubeletAccess kubelets, InstantSource clock) {
    this.client = client;
    this.summaries = new Summaries(kubelets);
    this.clock = clock;
  }

  /** Whether {@code path} is a resource path of the metrics API (its discovery document is not). */
  public static boolean serves(String path) {
    return MetricsPath.matches(path);
  }

  /**
   * Answers a request for a path that {@link #serves}.
   *
   * @param labelSelector the {@code labelSelector} query parameter; empty or null for all
   * @param watch whether the request asks to watch, which the metrics API does not support
   * @throws ApiException NotFound for a missing object or one without metrics, MethodNotAllowed
   *     for a watch and for anything but GET
   */
  public ObjectNode serve(String method, String path, String labelSelector, boolean watch) {
    if (watch) {
      throw new ApiException(StatusReason.MethodNotAllowed,
          "the metrics API cannot be watched; get or list it again to see newer usage");
    }
    if (!method.equals("GET")) {
      throw new ApiException(StatusReason.MethodNotAllowed,
          "the metrics API is read-only: only get and list are supported, not " + method);
    }
    MetricsPath request = MetricsPath.parse(path);
    ListOptions options = labelSelector == null || labelSelector.isEmpty()
        ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(labelSelector);
    Instant now = clock.instant();
    if (request.type().equals(MetricsTypes.NODES)) {
      if (request.name() != null) {
        ApiException missing = notFound("nodemetrics", request.name());
        return nodeMetrics(List.of(getOr(ResourceTypes.NODES, null, request.name(), missing)), now).stream()
            .findFirst().orElseThrow(() -> missing);
      }
      List<JsonNode> nodes = items(client.list(ResourceTypes.NODES, null, options));
      return list("NodeMetricsList", nodeMetrics(nodes, now));
    }
    if (request.name() != null) {
      ApiException missing = notFound("podmetrics", request.namespace() + "/" + request.name());
      return podMetrics(List.of(getOr(ResourceTypes.PODS, request.namespace(), request.name(), missing)), now)
          .stream().findFirst().orElseThrow(() -> missing);
    }
    return list("PodMetricsList", podMetrics(items(client.list(ResourceTypes.PODS, request.namespace(), options)), now));
  }

  private List<ObjectNode> nodeMetrics(List<JsonNode> nodes, Instant now) {
    List<JsonNode> ready = nodes.stream().filter(MetricsApi::isReady).toList();
    Map<String, JsonNode> answers = summaries.fetch(ready);
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode node : ready) {
      JsonNode summary = answers.get(node.path("metadata").path("name").asString(""));
      if (summary != null) {
        SummaryConverter.nodeMetrics(node, summary, now).ifPresent(items::add);
      }
    }
    return items;
  }

  private List<ObjectNode> podMetrics(List<JsonNode> pods, Instant now) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    Set<String> nodeNames = new TreeSet<>();
    for (JsonNode pod : pods) {
      String nodeName = pod.path("spec").path("nodeName").asString("");
      if (!nodeName.isEmpty()) {
        nodeNames.add(nodeName);
        byKey.put(pod.path("metadata").path("namespace").asString("") + "/"
            + pod.path("metadata").path("name").asString(""), pod);
      }
    }
    List<JsonNode> ready = new ArrayList<>();
    for (String name : nodeNames) {
      try {
        ObjectNode node = client.get(ResourceTypes.NODES, null, name);
        if (isReady(node)) {
          ready.add(node);
        }
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
      }
    }
    List<ObjectNode> items = new ArrayList<>();
    summaries.fetch(ready).values().forEach(summary -> items.addAll(SummaryConverter.podMetrics(summary, byKey, now)));
    // One order whatever the nodes' answering order: by namespace, then name, as a list is.
    items.sort(Comparator.comparing((ObjectNode m) -> m.path("metadata").path("namespace").asString(""))
        .thenComparing(m -> m.path("metadata").path("name").asString("")));
    return items;
  }

  /** The object, or {@code missing} in place of its NotFound: the metrics object is what was asked for. */
  private JsonNode getOr(ResourceType type, String namespace, String name, ApiException missing) {
    try {
      return client.get(type, namespace, name);
    } catch (ApiException e) {
      throw e.reason() == StatusReason.NotFound ? missing : e;
    }
  }

  private static boolean isReady(JsonNode node) {
    for (JsonNode condition : node.path("status").path("conditions")) {
      if (condition.path("type").asString("").equals("Ready")) {
        return condition.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  private static List<JsonNode> items(ObjectNode list) {
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  private static ObjectNode list(String kind, List<ObjectNode> items) {
    ObjectNode list = Json.object();
    list.put("kind", kind);
    list.put("apiVersion", MetricsTypes.NODES.apiVersion());
    list.putObject("metadata");
    list.putArray("items").addAll(items);
    return list;
  }

  /** As metrics-server words it: {@code podmetrics.metrics.k8s.io "default/web" not found}. */
  private static ApiException notFound(String resource, String name) {
    return new ApiException(StatusReason.NotFound,
        "%s.%s \"%s\" not found".formatted(resource, MetricsTypes.GROUP, name));
  }
}
