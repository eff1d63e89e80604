package dev.kctl.kletd.portforward;

import dev.kctl.client.spdy.PortForwardProtocol;
import dev.kctl.kletd.endpoint.WebSocketEndpoint;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The node's port-forward endpoint, which kctld relays {@code pods/portforward} to:
 * {@code GET /portForward/{namespace}/{pod}}, a WebSocket upgrade with subprotocol
 * {@value PortForwardProtocol#TUNNELED_TOKEN} (or {@value PortForwardProtocol#TUNNELED}) and
 * {@code Authorization: Bearer <node token>}; the messages then carry a SPDY session, see
 * {@link PortForwardSession}. Other paths are left to the next handler.
 */
public final class PortForwardHandler extends Handler.Abstract {
  private static final String PREFIX = "/portForward/";

  private final WebSocketEndpoint endpoint;
  private final PortForwardSource source;

  /** @param token the bearer token kctld presents: the node token line */
  public PortForwardHandler(String token, PortForwardSource source, ServerWebSocketContainer websockets) {
    this.endpoint = new WebSocketEndpoint(token, websockets);
    this.source = source;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    if (!endpoint.authorized(request, response, callback)) {
      return true;
    }
    Optional<List<String>> pod = endpoint.podPath(request, response, callback, path, PREFIX, 2,
        "/portForward/{namespace}/{pod}");
    if (pod.isEmpty()) {
      return true;
    }
    Optional<String> protocol = endpoint.subprotocol(request, response, callback,
        PortForwardProtocol.choose(request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)),
        "port-forward needs a WebSocket upgrade with subprotocol " + PortForwardProtocol.TUNNELED_TOKEN);
    if (protocol.isEmpty()) {
      return true;
    }
    PodForwarder forwarder = new PodForwarder(pod.get().get(0), pod.get().get(1), source);
    endpoint.upgrade(request, response, callback, protocol.get(), () -> new PortForwardSession(forwarder));
    return true;
  }
}
