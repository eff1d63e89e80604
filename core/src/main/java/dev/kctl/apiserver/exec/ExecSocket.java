package dev.kctl.apiserver.exec;

import dev.kctl.apiserver.kubelet.MessagesToClient;
import dev.kctl.apiserver.kubelet.OrderedSends;
import dev.kctl.codec.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code pods/exec} session: the client's WebSocket, relayed message for message (both ways,
 * unchanged) to a WebSocket to the node that runs the pod, which runs the command. Both hops speak
 * the same remote command subprotocol ({@link #PROTOCOLS}). When the node cannot be reached, the
 * client gets a Failure Status on the error stream. Public because Jetty instantiates WebSocket
 * endpoints reflectively.
 */
public final class ExecSocket implements Session.Listener.AutoDemanding {
  private final OrderedSends sends = new OrderedSends();
  /** The subprotocols served, preferred first: both carry a v1 Status on the error stream. */
  public static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
  private static final Logger log = LoggerFactory.getLogger(ExecSocket.class);
  private static final byte ERROR_STREAM = 3;

  private final URI node;
  private final HttpClient http;
  private final String authorization;
  private final String protocol;
  private final AtomicReference<WebSocket> upstream = new AtomicReference<>();

  /**
   * @param node the node's exec endpoint for the container, with the command in its query
   * @param http the client for node endpoints ({@code KubeletAccess.http()}), trusting the cluster CA
   * @param authorization the {@code Authorization} header the node expects from kctld
   * @param protocol the subprotocol agreed with the client, one of {@link #PROTOCOLS}
   */
  public ExecSocket(URI node, HttpClient http, String authorization, String protocol) {
    this.node = node;
    this.http = http;
    this.authorization = authorization;
    this.protocol = protocol;
  }

  /** The subprotocol to answer with among those a client offers (comma-separated header values). */
  public static Optional<String> choose(List<String> offered) {
    List<String> names = offered.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).toList();
    return PROTOCOLS.stream().filter(names::contains).findFirst();
  }

  @Override
  public void onWebSocketOpen(Session session) {
    try {
      upstream.set(http.newWebSocketBuilder()
          .header("Authorization", authorization)
          .subprotocols(protocol)
          .connectTimeout(Duration.ofSeconds(5))
          .buildAsync(node, new Downstream(session, node))
          .get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("exec: cannot reach the node at {}: {}; is kletd running there?", node.getAuthority(), cause.toString());
      fail(session, "cannot reach the node at %s to run the command: %s (is kletd running there?)"
          .formatted(node.getAuthority(), cause.getMessage()));
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    WebSocket ws = upstream.get();
    if (ws == null) {
      callback.succeed();
      return;
    }
    sends.relay(ws, payload, callback);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    WebSocket ws = upstream.get();
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((closed, failure) -> ws.abort());
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    WebSocket ws = upstream.get();
    if (ws != null) {
      ws.abort();
    }
  }

  private static void fail(Session session, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", "InternalError");
    status.put("code", 500);
    byte[] json = Json.bytes(status);
    ByteBuffer frame = ByteBuffer.allocate(json.length + 1).put(ERROR_STREAM).put(json).flip();
    Callback.Completable sent = new Callback.Completable();
    session.sendBinary(frame, sent);
    sent.exceptionally(failure -> null).join();
    session.close(StatusCode.NORMAL, "", Callback.NOOP);
  }

  /** Relays the node's messages to the client, one at a time and in order. */
  private static final class Downstream implements WebSocket.Listener {
    private final Session session;
    private final URI node;
    private final MessagesToClient messages = new MessagesToClient();

    Downstream(Session session, URI node) {
      this.session = session;
      this.node = node;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      return messages.relay(ws, data, last, CompletableFuture.completedFuture(session));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      session.close(StatusCode.NORMAL, reason, Callback.NOOP);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      log.info("exec: the session with the node at {} failed: {}", node.getAuthority(), error.toString());
      session.close(StatusCode.SERVER_ERROR, "the node's exec session failed", Callback.NOOP);
    }
  }
}
