package dev.kctl.apiserver;

import static dev.kctl.apiserver.QueryParameters.isTrue;
import static dev.kctl.apiserver.QueryParameters.value;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.exec.ExecSocket;
import dev.kctl.apiserver.portforward.PortForwards;
import dev.kctl.client.LogOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The pod subresources that stream from the pod's node rather than reply once: {@code log} over
 * plain HTTP, {@code exec} and {@code portforward} over WebSocket (those two admin only).
 */
final class PodStreams {
  private final ApiService api;
  private final LogProxy logs;
  private final InstantSource clock;
  /** Null where Jetty's WebSocket support is absent; exec and port-forward then refuse. */
  private final ServerWebSocketContainer websockets;

  PodStreams(ApiService api, LogProxy logs, InstantSource clock, ServerWebSocketContainer websockets) {
    this.api = api;
    this.logs = logs;
    this.clock = clock;
    this.websockets = websockets;
  }

  /** pods/portforward over WebSocket, relayed to the pod's node by {@link PortForwards}; admin only. */
  void portForward(Request request, Response response, Callback callback, RequestInfo info) {
    if (!Authorizer.isAdmin(RequestIdentity.of(request))) {
      throw new ApiException(StatusReason.Forbidden,
          "pods \"%s\" is forbidden: only the admin may forward ports of pods".formatted(info.name()));
    }
    new PortForwards(new LocalClient(api, logs, clock), logs.kubelets())
        .serve(websockets, request, response, callback, info.namespace(), info.name());
  }

  /** pods/exec over WebSocket, relayed to the pod's node by {@link ExecSocket}; admin only. */
  void exec(Request request, Response response, Callback callback, RequestInfo info, Fields query) {
    if (!Authorizer.isAdmin(RequestIdentity.of(request))) {
      throw new ApiException(StatusReason.Forbidden,
          "pods \"%s\" is forbidden: only the admin may exec in pods".formatted(info.name()));
    }
    Optional<String> protocol = ExecSocket.choose(request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL));
    if (websockets == null || protocol.isEmpty()
        || !"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
      throw ApiException.badRequest("exec needs a WebSocket upgrade with subprotocol " + ExecSocket.PROTOCOLS
          + "; SPDY is not supported");
    }
    LogProxy.NodeEndpoint endpoint = logs.locate(info.namespace(), info.name(), value(query, "container"));
    StringBuilder uri = new StringBuilder("/exec/" + endpoint.path()
        + "?stdin=" + isTrue(query.getValue("stdin")) + "&tty=" + isTrue(query.getValue("tty")));
    Optional.ofNullable(query.getValues("command")).orElse(List.of()).forEach(c ->
        uri.append("&command=").append(URLEncoder.encode(c, StandardCharsets.UTF_8)));
    URI node = endpoint.kubelet().webSocketUri(uri.toString());
    String authorization = logs.kubelets().authorization(endpoint.nodeName());
    boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      upgradeResponse.setAcceptedSubProtocol(protocol.get());
      return new ExecSocket(node, logs.kubelets().http(), authorization, protocol.get());
    }, request, response, callback);
    if (!upgraded) {
      throw ApiException.badRequest("the WebSocket upgrade of this exec failed");
    }
  }

  /** pods/log as plain text, flushed as the node sends it so that a follow shows each line. */
  void logs(Request request, Response response, Callback callback, RequestInfo info, Fields query) {
    LogOptions options = new LogOptions(
        Optional.ofNullable(query.getValue("container")).orElse(""),
        isTrue(query.getValue("follow")),
        query.getValue("tailLines") == null ? -1 : Long.parseLong(query.getValue("tailLines")),
        isTrue(query.getValue("previous")),
        query.getValue("sinceSeconds") == null ? 0 : Long.parseLong(query.getValue("sinceSeconds")),
        Optional.ofNullable(query.getValue("sinceTime")).orElse(""),
        isTrue(query.getValue("timestamps")));
    try (InputStream in = logs.open(info.namespace(), info.name(), options)) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    }
  }
}
