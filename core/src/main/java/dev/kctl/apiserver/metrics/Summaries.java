package dev.kctl.apiserver.metrics;

import dev.kctl.apiserver.kubelet.KubeletAccess;
import dev.kctl.apiserver.kubelet.KubeletEndpoint;
import dev.kctl.codec.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fetches kletd's stats summary ({@code GET /stats/summary?node=NAME}) from several nodes at once.
 * A node that does not answer within {@link #TIMEOUT}, or answers with an error, is left out: the
 * metrics API then has no metrics for it, as metrics-server has none for a node it cannot scrape.
 */
final class Summaries {
  private static final Logger log = LoggerFactory.getLogger(Summaries.class);
  /** How long one request may take; kubectl top waits for the slowest node. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final KubeletAccess kubelets;

  Summaries(KubeletAccess kubelets) {
    this.kubelets = kubelets;
  }

  /** The summaries of the nodes that answered, by node name. */
  Map<String, JsonNode> fetch(List<? extends JsonNode> nodes) {
    Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
    for (JsonNode node : nodes) {
      KubeletEndpoint kubelet = KubeletEndpoint.of(node);
      String authorization;
      try {
        authorization = kubelets.authorization(kubelet.nodeName());
      } catch (RuntimeException noCredentials) {
        log.debug("node {}: no metrics: {}", kubelet.nodeName(), noCredentials.getMessage());
        continue;
      }
      HttpRequest request = HttpRequest.newBuilder(kubelet.uri("/stats/summary?node="
              + URLEncoder.encode(kubelet.nodeName(), StandardCharsets.UTF_8)))
          .header("Authorization", authorization)
          .timeout(TIMEOUT)
          .GET()
          .build();
      pending.put(kubelet.nodeName(), kubelets.http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(response -> {
            if (response.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                  + new String(response.body(), StandardCharsets.UTF_8).strip());
            }
            return Json.parse(response.body());
          }));
    }
    Map<String, JsonNode> summaries = new LinkedHashMap<>();
    pending.forEach((name, future) -> {
      try {
        summaries.put(name, future.join());
      } catch (RuntimeException e) {
        log.debug("no metrics for node {}: its kletd did not answer /stats/summary: {}", name,
            e.getCause() != null ? e.getCause().toString() : e.toString());
      }
    });
    return summaries;
  }
}
