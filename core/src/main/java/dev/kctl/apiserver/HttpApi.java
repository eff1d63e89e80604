package dev.kctl.apiserver;

import static dev.kctl.apiserver.Replies.send;
import static dev.kctl.apiserver.Replies.sendJson;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.Authorizer.Identity;
import dev.kctl.apiserver.discovery.Discovery;
import dev.kctl.apiserver.metrics.MetricsApi;
import dev.kctl.apiserver.openapi.OpenApi;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes REST API over HTTP: authenticates the bearer token, routes discovery, OpenAPI,
 * node joins and metrics, authorizes resource paths and hands them to {@link ResourceVerbs}, and
 * turns every {@link ApiException} into a Status reply. Runs on virtual threads, so it blocks freely.
 */
final class HttpApi extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final ApiService api;
  private final MetricsApi metrics;
  private final Authenticator authenticator;
  private final NodeCredentials nodeCredentials;
  private final ResourceVerbs verbs;

  /** @param websockets upgrades watches, exec and port-forward; null where Jetty's WebSocket support is absent */
  HttpApi(ApiService api, LogProxy logs, Authenticator authenticator, NodeCredentials nodeCredentials,
      InstantSource clock, ServerWebSocketContainer websockets) {
    this.nodeCredentials = nodeCredentials;
    this.api = api;
    this.metrics = new MetricsApi(new LocalClient(api, logs, clock), logs.kubelets(), clock);
    this.authenticator = authenticator;
    this.verbs = new ResourceVerbs(api, new PodStreams(api, logs, clock, websockets), clock, websockets);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    try {
      if (!isPublic(path)) {
        RequestIdentity.authenticate(request, authenticator);
      }
      serve(request, response, callback, path);
    } catch (ApiException e) {
      send(response, callback, e.code(), Replies.JSON, Json.bytes(e.toStatus()));
    } catch (JacksonException e) {
      send(response, callback, 400, Replies.JSON, Json.bytes(ApiException.badRequest(
          "the request body is not valid JSON: " + e.getOriginalMessage()).toStatus()));
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.getMethod(), path, e);
      send(response, callback, 500, Replies.JSON, Json.bytes(new ApiException(StatusReason.InternalError,
          "internal error: " + e).toStatus()));
    }
    return true;
  }

  private static boolean isPublic(String path) {
    return path.equals("/version") || path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz");
  }

  private void serve(Request request, Response response, Callback callback, String path) {
    String method = request.getMethod();
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    switch (path) {
      case "/healthz", "/livez", "/readyz" -> {
        send(response, callback, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case "/version" -> {
        sendJson(response, callback, 200, Discovery.version());
        return;
      }
      case "/api" -> {
        discovery(response, callback, accept, Discovery::aggregatedCore, Discovery.coreVersions());
        return;
      }
      case "/apis" -> {
        discovery(response, callback, accept, Discovery::aggregatedGroups, Discovery.groups());
        return;
      }
      case "/openapi/v3" -> {
        sendJson(response, callback, 200, OpenApi.root());
        return;
      }
      default -> { }
    }
    if (path.startsWith("/openapi/v3/")) {
      ObjectNode doc = OpenApi.document(path.substring("/openapi/v3/".length()))
          .orElseThrow(() -> new ApiException(StatusReason.NotFound, "no OpenAPI document at " + path));
      sendJson(response, callback, 200, doc);
      return;
    }
    if (path.equals(NodeCredentials.PATH)) {
      joinNode(request, response, callback);
      return;
    }
    if (MetricsApi.serves(path)) {
      Fields metricsQuery = Request.extractQueryParameters(request);
      sendJson(response, callback, 200, metrics.serve(method, path, metricsQuery.getValue("labelSelector"),
          QueryParameters.isTrue(metricsQuery.getValue("watch"))));
      return;
    }
    Optional<ObjectNode> groupVersion = groupVersionDiscovery(path);
    if (groupVersion.isPresent()) {
      sendJson(response, callback, 200, groupVersion.get());
      return;
    }
    RequestInfo info = RequestInfo.parse(path).orElseThrow(() -> new ApiException(
        StatusReason.NotFound, "the server could not find the requested resource (" + method + " " + path + ")"));
    Fields query = Request.extractQueryParameters(request);
    String verb = verb(method, info, query);
    Authorizer.check(RequestIdentity.of(request), verb, info, this::find);
    verbs.serve(request, response, callback, info, verb, query, accept);
  }

  /** Node credentials for a joining node: the join token's (or the admin's) one request. */
  private void joinNode(Request request, Response response, Callback callback) {
    if (!request.getMethod().equals("POST")) {
      throw new ApiException(StatusReason.MethodNotAllowed, NodeCredentials.PATH + " takes POST only");
    }
    Identity identity = RequestIdentity.of(request);
    if (!(identity instanceof Identity.Join || Authorizer.isAdmin(identity))) {
      throw new ApiException(StatusReason.Forbidden,
          "node credentials are issued only to the join token (or the admin); this node has its own already");
    }
    sendJson(response, callback, 201, nodeCredentials.issue(RequestBodies.object(request, WriteOptions.DEFAULT)));
  }

  private Optional<ObjectNode> find(RequestInfo info) {
    try {
      return Optional.of(api.get(info.type(), info.namespace(), info.name()));
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static void discovery(Response response, Callback callback, String accept,
      Supplier<ObjectNode> aggregated, ObjectNode legacy) {
    if (Discovery.wantsAggregated(accept)) {
      send(response, callback, 200, Discovery.AGGREGATED_CONTENT_TYPE, Json.bytes(aggregated.get()));
    } else {
      sendJson(response, callback, 200, legacy);
    }
  }

  private static Optional<ObjectNode> groupVersionDiscovery(String path) {
    String[] parts = path.substring(1).split("/");
    if (parts.length == 2 && parts[0].equals("api")) {
      return Discovery.resources("", parts[1]);
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      return Discovery.resources(parts[1], parts[2]);
    }
    return Optional.empty();
  }

  private static String verb(String method, RequestInfo info, Fields query) {
    return switch (method) {
      case "GET" -> info.isCollection() ? (QueryParameters.isTrue(query.getValue("watch")) ? "watch" : "list") : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> info.isCollection() ? "deletecollection" : "delete";
      default -> throw new ApiException(StatusReason.MethodNotAllowed, "method " + method + " is not allowed here");
    };
  }
}
