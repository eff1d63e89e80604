package dev.kctl.apiserver.kubelet;

import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * Where kctld reaches the kletd of a node: HTTPS to the node's {@code InternalIP} (loopback when
 * it reports none) on the port of {@code status.daemonEndpoints.kubeletEndpoint}, through
 * {@link KubeletAccess}. kletd expects {@code Authorization: Bearer <kctld token>} on every request
 * but its health check.
 *
 * @param nodeName the Node's name, for messages
 * @param authority {@code host:port}, an IPv6 host in brackets
 */
public record KubeletEndpoint(String nodeName, String authority) {

  /** The endpoint a Node object reports. */
  public static KubeletEndpoint of(JsonNode node) {
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    return new KubeletEndpoint(node.path("metadata").path("name").asString(""), address(node) + ":" + port);
  }

  /** {@code https://<authority><pathAndQuery>}; the path must be URL-encoded already. */
  public URI uri(String pathAndQuery) {
    return URI.create("https://" + authority + pathAndQuery);
  }

  /** {@code wss://<authority><pathAndQuery>}, for exec and port-forward. */
  public URI webSocketUri(String pathAndQuery) {
    return URI.create("wss://" + authority + pathAndQuery);
  }

  /** The port the Node reports, 0 when it reports none (its kletd has not registered it). */
  public int port() {
    return Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
  }

  private static String address(JsonNode node) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asString("").equals("InternalIP")) {
        String ip = a.path("address").asString("");
        return ip.contains(":") ? "[" + ip + "]" : ip;
      }
    }
    return "127.0.0.1";
  }
}
