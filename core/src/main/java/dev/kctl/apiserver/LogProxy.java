package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.kubelet.KubeletAccess;
import dev.kctl.apiserver.kubelet.KubeletEndpoint;
import dev.kctl.client.LogOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pods/log} subresource: logs stay on the node that ran the pod, so kctld asks that
 * node's kletd for them (the address and port its Node reports) and streams the answer back.
 */
public final class LogProxy {
  private final ApiService api;
  private final KubeletAccess kubelets;

  /** @param kubelets how kctld reaches and authenticates to nodes' kletd */
  public LogProxy(ApiService api, KubeletAccess kubelets) {
    this.api = api;
    this.kubelets = kubelets;
  }

  InputStream open(String namespace, String podName, LogOptions options) {
    NodeEndpoint endpoint = locate(namespace, podName, options.container());
    String nodeName = endpoint.nodeName();
    URI uri = endpoint.kubelet().uri("/containerLogs/%s?follow=%s&previous=%s%s".formatted(
        endpoint.path(), options.follow(), options.previous(),
        options.tailLines() >= 0 ? "&tailLines=" + options.tailLines() : "")
        + (options.sinceSeconds() > 0 ? "&sinceSeconds=" + options.sinceSeconds() : "")
        + (options.sinceTime().isEmpty() ? "" : "&sinceTime=" + encode(options.sinceTime()))
        + (options.timestamps() ? "&timestamps=true" : ""));
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", kubelets.authorization(nodeName))
        .GET().build();
    HttpResponse<InputStream> response;
    try {
      response = kubelets.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ApiException(StatusReason.ServiceUnavailable,
          "cannot reach node %s at %s for the logs of pod %s/%s: %s (is kletd running there?)".formatted(
              nodeName, uri.getAuthority(), namespace, podName, e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(StatusReason.ServiceUnavailable, "interrupted while asking node " + nodeName + " for logs");
    }
    if (response.statusCode() != 200) {
      String message;
      try (InputStream body = response.body()) {
        message = new String(body.readNBytes(4096), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        message = e.getMessage();
      }
      throw new ApiException(StatusReason.forCode(response.statusCode()), message);
    }
    return response.body();
  }

  /**
   * Where the node that runs a pod serves its container.
   *
   * @param kubelet the node's endpoint
   * @param path {@code namespace/pod/container}, URL-encoded, to append to the endpoint's service path
   */
  record NodeEndpoint(KubeletEndpoint kubelet, String path) {
    String nodeName() {
      return kubelet.nodeName();
    }
  }

  /** Finds the pod's node and container; {@code requestedContainer} empty for the only one. */
  NodeEndpoint locate(String namespace, String podName, String requestedContainer) {
    ObjectNode pod = api.get(ResourceTypes.PODS, namespace, podName);
    String container = container(pod, podName, requestedContainer);
    String nodeName = pod.path("spec").path("nodeName").asString("");
    if (nodeName.isEmpty()) {
      throw ApiException.badRequest("pod %s does not have a host assigned yet; wait until it is scheduled and started".formatted(podName));
    }
    ObjectNode node = api.get(ResourceTypes.NODES, null, nodeName);
    return new NodeEndpoint(KubeletEndpoint.of(node),
        encode(namespace) + "/" + encode(podName) + "/" + encode(container));
  }

  /** How kctld reaches and authenticates to nodes' kletd. */
  KubeletAccess kubelets() {
    return kubelets;
  }

  private static String container(JsonNode pod, String podName, String requested) {
    List<String> names = new ArrayList<>();
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asString("")));
    if (!requested.isEmpty()) {
      pod.path("spec").path("initContainers").forEach(c -> names.add(c.path("name").asString("")));
      if (!names.contains(requested)) {
        throw ApiException.badRequest("container %s is not valid for pod %s".formatted(requested, podName));
      }
      return requested;
    }
    if (names.size() != 1) {
      throw ApiException.badRequest("a container name must be specified for pod %s, choose one of: %s".formatted(podName, names));
    }
    return names.getFirst();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
