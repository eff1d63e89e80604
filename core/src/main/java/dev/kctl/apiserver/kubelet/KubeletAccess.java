package dev.kctl.apiserver.kubelet;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * How kctld talks to kletd: one HTTP client (also used for WebSockets) whose TLS trusts only the
 * cluster CA, so a node endpoint must present a certificate kctld issued; the client's hostname
 * check then requires that certificate to name the node's InternalIP, which only the node that
 * joined with that address holds. kctld authenticates with a per-node bearer token that only it
 * and that node know (see {@code ClusterTokens.kctldTokenFor}).
 */
public final class KubeletAccess {
  private final HttpClient http;
  private final Function<String, String> tokens;

  /**
   * @param tls trusts the cluster CA only
   * @param tokens the token kletd of a node expects from kctld, by node name; throws an
   *     {@code ApiException} for a node that has none
   */
  public KubeletAccess(SSLContext tls, Function<String, String> tokens) {
    this.http = HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
    this.tokens = tokens;
  }

  /** The client for every request and WebSocket to a node endpoint. */
  public HttpClient http() {
    return http;
  }

  /** The {@code Authorization} header value for requests to node {@code nodeName}. */
  public String authorization(String nodeName) {
    return "Bearer " + tokens.apply(nodeName);
  }
}
