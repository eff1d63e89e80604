package dev.kctl.kletd.exec;

import dev.kctl.kletd.endpoint.WebSocketEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
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

  private final WebSocketEndpoint endpoint;
  private final ExecSource source;

  /** @param token the bearer token kctld presents: the node token line */
  public ExecHandler(String token, ExecSource source, ServerWebSocketContainer websockets) {
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
    Optional<List<String>> segments = endpoint.podPath(request, response, callback, path, PREFIX, 3,
        "/exec/{namespace}/{pod}/{container}");
    if (segments.isEmpty()) {
      return true;
    }
    String namespace = segments.get().get(0);
    String pod = segments.get().get(1);
    String container = segments.get().get(2);
    Optional<String> protocol = endpoint.subprotocol(request, response, callback, Channels.choose(offered(request)),
        "exec needs a WebSocket upgrade with subprotocol " + Channels.V5 + " or " + Channels.V4);
    if (protocol.isEmpty()) {
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    List<String> command = query.getValues("command");
    String what = "container \"" + container + "\" of pod \"" + namespace + "/" + pod + "\"";
    ExecSession session = new ExecSession(what, source.find(namespace, pod, container),
        command == null ? List.of() : command, isTrue(query.getValue("stdin")), isTrue(query.getValue("tty")));
    endpoint.upgrade(request, response, callback, protocol.get(), () -> session);
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
