package dev.kctl.apiserver.kubelet;

import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * Where kctld reaches the kletd of a node: plain HTTP to the node's {@code InternalIP} (loopback
 * when it reports none) on the port of {@code status.daemonEndpoints.kubeletEndpoint}. kletd
 * expects {@code Authorization: Bearer <node token>} on every request but its health check.
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

  /** {@code http://<authority><pathAndQuery>}; the path must be URL-encoded already. */
  public URI uri(String pathAndQuery) {
    return URI.create("http://" + authority + pathAndQuery);
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
