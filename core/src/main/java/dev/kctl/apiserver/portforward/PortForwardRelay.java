package dev.kctl.apiserver.portforward;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.kubelet.MessagesToClient;
import dev.kctl.apiserver.kubelet.OrderedSends;
import dev.kctl.client.spdy.PortForwardProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port-forward session relayed between the client's WebSocket and a WebSocket to the pod's
 * kletd, message for message and unchanged: both carry the same SPDY byte stream, which only the
 * two ends parse. The node is connected before the client's upgrade is answered, so an unreachable
 * node is an HTTP error rather than a session that dies at once. Public because Jetty
 * instantiates WebSocket endpoints reflectively.
 */
public final class PortForwardRelay implements Session.Listener.AutoDemanding {
  private static final Logger log = LoggerFactory.getLogger(PortForwardRelay.class);
  private final OrderedSends sends = new OrderedSends();

  private final String pod;
  /** Completes with the client's session once the upgrade is done; the node may speak first. */
  private final CompletableFuture<Session> client = new CompletableFuture<>();
  private final CompletableFuture<WebSocket> node = new CompletableFuture<>();

  private PortForwardRelay(String pod) {
    this.pod = pod;
  }

  /** Opens the WebSocket to the node; 503 when it cannot be reached. */
  static PortForwardRelay connect(URI uri, HttpClient http, String authorization, String pod) {
    PortForwardRelay relay = new PortForwardRelay(pod);
    try {
      relay.node.complete(http.newWebSocketBuilder()
          .header("Authorization", authorization)
          .subprotocols(PortForwardProtocol.TUNNELED_TOKEN)
          .connectTimeout(Duration.ofSeconds(5))
          .buildAsync(uri, relay.new FromNode())
          .get(10, TimeUnit.SECONDS));
      return relay;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("port-forward to pod {}: cannot reach its node at {}: {}; is kletd running there?", pod,
          uri.getAuthority(), cause.toString());
      throw new ApiException(StatusReason.ServiceUnavailable,
          "cannot reach the node at %s to forward ports of pod %s: %s (is kletd running there?)"
              .formatted(uri.getAuthority(), pod, cause.getMessage()));
    }
  }

  /** Drops the node's WebSocket of a session whose client never arrived. */
  void abort() {
    node.join().abort();
  }

  @Override
  public void onWebSocketOpen(Session session) {
    client.complete(session);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    sends.relay(node.join(), payload, callback);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    WebSocket ws = node.join();
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((closed, failure) -> ws.abort());
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    node.join().abort();
  }

  /** Relays the node's messages to the client, one at a time and in order. */
  private final class FromNode implements WebSocket.Listener {
    private final MessagesToClient messages = new MessagesToClient();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      return messages.relay(ws, data, last, client);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      client.thenAccept(session -> session.close(StatusCode.NORMAL, reason, Callback.NOOP));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      log.info("port-forward to pod {}: the session with its node failed: {}", pod, error.toString());
      client.thenAccept(session -> session.close(StatusCode.SERVER_ERROR, "the node's port-forward session failed",
          Callback.NOOP));
    }
  }
}
