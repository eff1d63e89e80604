package dev.kctl.kletd.portforward;

import dev.kctl.client.spdy.PortForwardProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
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

  private final byte[] token;
  private final PortForwardSource source;
  private final ServerWebSocketContainer websockets;

  /** @param token the bearer token kctld presents: the node token line */
  public PortForwardHandler(String token, PortForwardSource source, ServerWebSocketContainer websockets) {
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.source = source;
    this.websockets = websockets;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
      Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401,
          "a node token is required (Authorization: Bearer <node token>)");
      return true;
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "expected /portForward/{namespace}/{pod}");
      return true;
    }
    Optional<String> protocol =
        PortForwardProtocol.choose(request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL));
    if (protocol.isEmpty() || !"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "port-forward needs a WebSocket upgrade with subprotocol " + PortForwardProtocol.TUNNELED_TOKEN);
      return true;
    }
    PodForwarder forwarder = new PodForwarder(parts[0], parts[1], source);
    boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      upgradeResponse.setAcceptedSubProtocol(protocol.get());
      return new PortForwardSession(forwarder);
    }, request, response, callback);
    if (!upgraded) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "the WebSocket upgrade failed");
    }
    return true;
  }
}
