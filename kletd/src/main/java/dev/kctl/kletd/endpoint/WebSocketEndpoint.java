package dev.kctl.kletd.endpoint;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The steps every WebSocket endpoint of the node (exec, port-forward) takes around its own work:
 * check kctld's {@code Authorization: Bearer <node token>}, read the pod from the path, check that
 * the request is an upgrade with a subprotocol the endpoint speaks, and upgrade. Each step that
 * refuses has answered the request (401 or 400, plain text); the caller then only returns.
 */
public final class WebSocketEndpoint {
  private final BearerToken token;
  private final ServerWebSocketContainer websockets;

  /** @param token the bearer token kctld presents: the node token line */
  public WebSocketEndpoint(String token, ServerWebSocketContainer websockets) {
    this.token = new BearerToken(token);
    this.websockets = websockets;
  }

  /** Whether the request carries the node token; if not, it has been answered 401. */
  public boolean authorized(Request request, Response response, Callback callback) {
    return token.admits(request, response, callback);
  }

  /**
   * The segments of {@code path} after {@code prefix}: exactly {@code count}, led by a non-empty
   * namespace and pod name. Otherwise empty, and the request has been answered 400 with
   * "expected {@code usage}".
   */
  public Optional<List<String>> podPath(Request request, Response response, Callback callback, String path,
      String prefix, int count, String usage) {
    String[] parts = path.substring(prefix.length()).split("/", -1);
    if (parts.length != count || parts[0].isEmpty() || parts[1].isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "expected " + usage);
      return Optional.empty();
    }
    return Optional.of(List.of(parts));
  }

  /**
   * The subprotocol to accept: {@code chosen} (the endpoint's pick among those offered), if the
   * request asks to upgrade to WebSocket. Otherwise empty, and the request has been answered 400
   * with {@code refusal}, which should say what the endpoint needs.
   */
  public Optional<String> subprotocol(Request request, Response response, Callback callback,
      Optional<String> chosen, String refusal) {
    if (chosen.isEmpty() || !"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, refusal);
      return Optional.empty();
    }
    return chosen;
  }

  /**
   * Upgrades the request to WebSocket with {@code protocol} accepted, served by the listener
   * {@code session} makes once the upgrade is under way; answers 400 when the upgrade fails.
   */
  public void upgrade(Request request, Response response, Callback callback, String protocol,
      Supplier<? extends Session.Listener> session) {
    boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      upgradeResponse.setAcceptedSubProtocol(protocol);
      return session.get();
    }, request, response, callback);
    if (!upgraded) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "the WebSocket upgrade failed");
    }
  }
}
