package dev.kctl.kletd.exec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The node's exec endpoint, which kctld relays {@code pods/exec} to:
 * {@code GET /exec/{namespace}/{pod}/{container}?command=..&command=..&stdin=true&tty=false}, a
 * WebSocket upgrade with subprotocol {@code v5.channel.k8s.io} or {@code v4.channel.k8s.io} and
 * {@code Authorization: Bearer <node token>}. Other paths are left to the next handler.
 */
public final class ExecHandler extends Handler.Abstract {
  private static final String PREFIX = "/exec/";

  private final byte[] token;
  private final ExecSource source;
  private final ServerWebSocketContainer websockets;

  /** @param token the bearer token kctld presents: the node token line */
  public ExecHandler(String token, ExecSource source, ServerWebSocketContainer websockets) {
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
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "expected /exec/{namespace}/{pod}/{container}");
      return true;
    }
    Optional<String> protocol = Channels.choose(offered(request));
    if (protocol.isEmpty() || !"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "exec needs a WebSocket upgrade with subprotocol " + Channels.V5 + " or " + Channels.V4);
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    List<String> command = query.getValues("command");
    String what = "container \"" + parts[2] + "\" of pod \"" + parts[0] + "/" + parts[1] + "\"";
    ExecSession session = new ExecSession(what, source.find(parts[0], parts[1], parts[2]),
        command == null ? List.of() : command, isTrue(query.getValue("stdin")), isTrue(query.getValue("tty")));
    boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      upgradeResponse.setAcceptedSubProtocol(protocol.get());
      return session;
    }, request, response, callback);
    if (!upgraded) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "the WebSocket upgrade failed");
    }
    return true;
  }

  private static List<String> offered(Request request) {
    List<String> protocols = new ArrayList<>();
    for (String value : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
      for (String p : value.split(",")) {
        protocols.add(p.trim());
      }
    }
    return protocols;
  }

  private static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }
}
