package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.Authorizer.Identity;
import dev.kctl.apiserver.discovery.Discovery;
import dev.kctl.apiserver.exec.ExecSocket;
import dev.kctl.apiserver.portforward.PortForwards;
import dev.kctl.apiserver.metrics.MetricsApi;
import dev.kctl.apiserver.openapi.OpenApi;
import dev.kctl.apiserver.protobuf.ProtobufCodec;
import dev.kctl.apiserver.table.Tables;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes REST API over HTTP: authenticates the bearer token, maps paths and verbs onto
 * {@link ApiService}, negotiates Table and aggregated-discovery replies, and turns every
 * {@link ApiException} into a Status reply. Runs on virtual threads, so it blocks freely.
 */
final class HttpApi extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  /** Request bodies over this size are refused before they are parsed. */
  static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;
  private static final String JSON = "application/json";
  private static final String WARNINGS = HttpApi.class.getName() + ".warnings";

  private final ApiService api;
  private final LogProxy logs;
  private final MetricsApi metrics;
  private final Authenticator authenticator;
  private final NodeCredentials nodeCredentials;
  private final InstantSource clock;
  /** Upgrades watches to WebSocket for clients that ask; null where Jetty's WebSocket support is absent. */
  private final ServerWebSocketContainer websockets;

  HttpApi(ApiService api, LogProxy logs, Authenticator authenticator, NodeCredentials nodeCredentials,
      InstantSource clock, ServerWebSocketContainer websockets) {
    this.nodeCredentials = nodeCredentials;
    this.websockets = websockets;
    this.api = api;
    this.logs = logs;
    this.metrics = new MetricsApi(new LocalClient(api, logs, clock), logs.kubelets(), clock);
    this.authenticator = authenticator;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    try {
      if (!isPublic(path)) {
        authenticate(request);
      }
      serve(request, response, callback, path);
    } catch (ApiException e) {
      send(response, callback, e.code(), JSON, Json.bytes(e.toStatus()));
    } catch (JacksonException e) {
      send(response, callback, 400, JSON, Json.bytes(ApiException.badRequest(
          "the request body is not valid JSON: " + e.getOriginalMessage()).toStatus()));
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.getMethod(), path, e);
      send(response, callback, 500, JSON, Json.bytes(new ApiException(StatusReason.InternalError,
          "internal error: " + e).toStatus()));
    }
    return true;
  }

  private Identity identity(Request request) {
    return (Identity) request.getAttribute(Identity.class.getName());
  }

  private void authenticate(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Optional<Identity> identity = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authenticator.authenticate(header.substring(7).trim())
        : Optional.empty();
    request.setAttribute(Identity.class.getName(), identity.orElseThrow(() -> new ApiException(
        StatusReason.Unauthorized, "Unauthorized: send the bearer token from the kubeconfig kctld wrote")));
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
          isTrue(metricsQuery.getValue("watch"))));
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
    Authorizer.check(identity(request), verb, info, this::find);
    resource(request, response, callback, info, verb, query, accept);
  }

  /** Node credentials for a joining node: the join token's (or the admin's) one request. */
  private void joinNode(Request request, Response response, Callback callback) {
    if (!request.getMethod().equals("POST")) {
      throw new ApiException(StatusReason.MethodNotAllowed, NodeCredentials.PATH + " takes POST only");
    }
    Identity identity = identity(request);
    if (!(identity instanceof Identity.Join || Authorizer.isAdmin(identity))) {
      throw new ApiException(StatusReason.Forbidden,
          "node credentials are issued only to the join token (or the admin); this node has its own already");
    }
    sendJson(response, callback, 201, nodeCredentials.issue(bodyObject(request, WriteOptions.DEFAULT)));
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

  private void discovery(Response response, Callback callback, String accept,
      java.util.function.Supplier<ObjectNode> aggregated, ObjectNode legacy) {
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
      case "GET" -> info.isCollection() ? (isTrue(query.getValue("watch")) ? "watch" : "list") : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> info.isCollection() ? "deletecollection" : "delete";
      default -> throw new ApiException(StatusReason.MethodNotAllowed, "method " + method + " is not allowed here");
    };
  }

  private void resource(Request request, Response response, Callback callback, RequestInfo info,
      String verb, Fields query, String accept) {
    ResourceType type = info.type();
    String ns = info.namespace();
    WriteOptions write = new WriteOptions(
        "All".equals(query.getValue("dryRun")), Optional.ofNullable(query.getValue("fieldManager")).orElse(""),
        FieldValidation.parse(query.getValue("fieldValidation")), warning -> warn(request, warning),
        isTrue(query.getValue("force")));
    ListOptions listOptions = listOptions(query);
    boolean table = accept != null && accept.contains("as=Table");
    Tables.IncludeObject include = include(query);
    if ("exec".equals(info.subresource()) && verb.equals("get")) {
      exec(request, response, callback, info, query);
      return;
    }
    if ("portforward".equals(info.subresource()) && type.resource().equals("pods")) {
      portForward(request, response, callback, info);
      return;
    }
    if ("scale".equals(info.subresource())) {
      scale(request, response, callback, info, verb, write);
      return;
    }
    if (info.subresource() != null && !verb.equals("create") && !info.subresource().equals("status")
        && !info.subresource().equals("log") && !isFinalize(type, info.subresource(), verb)) {
      throw ApiException.notFound(type, info.name() + "/" + info.subresource());
    }
    switch (verb) {
      case "get" -> {
        if ("log".equals(info.subresource())) {
          streamLogs(request, response, callback, info, query);
          return;
        }
        ObjectNode object = api.get(type, ns, info.name());
        sendJson(response, callback, 200, table ? Tables.table(type, List.of(object), clock.instant(),
            ObjectMeta.of(object).resourceVersion(), "", include) : object);
      }
      case "list" -> {
        ObjectNode list = api.list(type, ns, listOptions);
        if (table) {
          List<ObjectNode> items = new ArrayList<>();
          list.path("items").forEach(i -> items.add((ObjectNode) i));
          JsonNode page = list.path("metadata");
          ObjectNode rows = Tables.table(type, items, clock.instant(), page.path("resourceVersion").asString(""),
              page.path("continue").asString(""), include);
          if (page.has("remainingItemCount")) {
            ((ObjectNode) rows.get("metadata")).set("remainingItemCount", page.get("remainingItemCount"));
          }
          sendJson(response, callback, 200, rows);
        } else {
          sendJson(response, callback, 200, list);
        }
      }
      case "watch" -> {
        if (websockets != null && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
          boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) ->
              new WatchSocket(handler -> api.watch(type, ns, listOptions, handler)), request, response, callback);
          if (!upgraded) {
            throw ApiException.badRequest("the WebSocket upgrade of this watch failed; watch over plain HTTP instead");
          }
          return;
        }
        new WatchStream(api, type, ns, listOptions, timeoutSeconds(query), table ? include : null, clock)
            .serve(request, response, callback);
      }
      case "create" -> {
        ObjectNode body = bodyObject(request, write);
        Authorizer.checkCreate(identity(request), info, body);
        if (info.subresource() != null) {
          if (!(type.resource().equals("pods") && info.subresource().equals("binding"))) {
            throw ApiException.notFound(type, info.name() + "/" + info.subresource());
          }
          api.bind(ns, info.name(), body);
          sendJson(response, callback, 201, successStatus());
          return;
        }
        if (info.name() != null) {
          throw new ApiException(StatusReason.MethodNotAllowed, "POST is for collections; PUT replaces " + info.name());
        }
        sendJson(response, callback, 201, api.create(type, ns, body, write));
      }
      case "update" -> sendJson(response, callback, 200,
          api.update(type, ns, info.name(), bodyObject(request, write), info.subresource(), write));
      case "patch" -> {
        PatchType patchType = patchType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        JsonNode patch = patchType == PatchType.APPLY
            ? applyConfiguration(body(request), write)
            : write.fieldValidation().parse(body(request), write.warnings());
        sendJson(response, callback, 200, api.patch(type, ns, info.name(), patchType, patch, info.subresource(), write));
      }
      case "delete" -> sendJson(response, callback, 200, api.delete(type, ns, info.name(), deleteOptions(request, query), write));
      case "deletecollection" -> {
        ObjectNode list = api.list(type, ns, listOptions);
        for (JsonNode item : list.path("items")) {
          ObjectMeta meta = ObjectMeta.of(item);
          try {
            api.delete(type, type.namespaced() ? meta.namespace() : null, meta.name(), deleteOptions(request, query), write);
          } catch (ApiException e) {
            if (e.reason() != StatusReason.NotFound) {
              throw e;
            }
          }
        }
        sendJson(response, callback, 200, list);
      }
      default -> throw new ApiException(StatusReason.MethodNotAllowed, "verb " + verb + " is not supported on " + type.resource());
    }
  }

  /**
   * A write to {@code namespaces/X/finalize}: PUT as in Kubernetes, and PATCH too, which is how a
   * {@link dev.kctl.client.Client} writes a subresource other than status.
   */
  private static boolean isFinalize(ResourceType type, String subresource, String verb) {
    return type.resource().equals("namespaces") && subresource.equals("finalize")
        && (verb.equals("update") || verb.equals("patch"));
  }

  private void scale(Request request, Response response, Callback callback, RequestInfo info, String verb,
      WriteOptions write) {
    ResourceType type = info.type();
    if (!Subresources.has(type, "scale")) {
      throw ApiException.notFound(type, info.name() + "/scale");
    }
    Scales scales = api.scales();
    ObjectNode result = switch (verb) {
      case "get" -> scales.get(type, info.namespace(), info.name());
      case "update" -> scales.update(type, info.namespace(), info.name(), bodyObject(request, write), write);
      case "patch" -> scales.patch(type, info.namespace(), info.name(),
          patchType(request.getHeaders().get(HttpHeader.CONTENT_TYPE)), Json.parse(body(request)), write);
      default -> throw new ApiException(StatusReason.MethodNotAllowed, verb + " is not supported on " + type.resource() + "/scale");
    };
    sendJson(response, callback, 200, result);
  }

  /** pods/portforward over WebSocket, relayed to the pod's node by {@link PortForwards}; admin only. */
  private void portForward(Request request, Response response, Callback callback, RequestInfo info) {
    if (!Authorizer.isAdmin(identity(request))) {
      throw new ApiException(StatusReason.Forbidden,
          "pods \"%s\" is forbidden: only the admin may forward ports of pods".formatted(info.name()));
    }
    new PortForwards(new LocalClient(api, logs, clock), logs.kubelets())
        .serve(websockets, request, response, callback, info.namespace(), info.name());
  }

  /** pods/exec over WebSocket, relayed to the pod's node by {@link ExecSocket}; admin only. */
  private void exec(Request request, Response response, Callback callback, RequestInfo info, Fields query) {
    if (!Authorizer.isAdmin(identity(request))) {
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

  private void streamLogs(Request request, Response response, Callback callback, RequestInfo info, Fields query) {
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
    } catch (java.io.IOException e) {
      callback.failed(e);
    }
  }

  private static ObjectNode successStatus() {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    return status;
  }

  private static PatchType patchType(String contentType) {
    String bare = contentType == null ? "" : contentType.split(";")[0].trim();
    for (PatchType t : PatchType.values()) {
      if (t.contentType().equals(bare)) {
        return t;
      }
    }
    throw new ApiException(StatusReason.UnsupportedMediaType,
        "the body of a PATCH must be one of application/json-patch+json, application/merge-patch+json,"
            + " application/strategic-merge-patch+json; got " + contentType);
  }

  private static ListOptions listOptions(Fields query) {
    String limit = value(query, "limit");
    long pageSize;
    try {
      pageSize = limit.isEmpty() ? 0 : Long.parseLong(limit);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit=" + limit + " is not a number");
    }
    return new ListOptions(
        value(query, "labelSelector"), value(query, "fieldSelector"), value(query, "resourceVersion"),
        Math.max(0, pageSize), value(query, "continue"), isTrue(query.getValue("allowWatchBookmarks")),
        value(query, "resourceVersionMatch"));
  }

  /** The YAML (or JSON) body of a server-side apply, which must name its field manager. */
  private static ObjectNode applyConfiguration(byte[] body, WriteOptions write) {
    if (write.fieldManager().isEmpty()) {
      throw ApiException.badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for server-side apply");
    }
    try {
      List<dev.kctl.codec.Manifest> documents = dev.kctl.codec.Manifests.read("apply request", new String(body, StandardCharsets.UTF_8));
      if (documents.size() != 1) {
        throw ApiException.badRequest("a server-side apply body must hold exactly one object, found " + documents.size());
      }
      return documents.getFirst().object();
    } catch (dev.kctl.codec.ManifestException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** DeleteOptions from the body, where kubectl sends them, or from query parameters. */
  private static DeleteOptions deleteOptions(Request request, Fields query) {
    byte[] bytes = body(request);
    DeleteOptions options = bytes.length == 0 ? DeleteOptions.DEFAULT
        : DeleteOptions.fromJson(isProtobuf(request) ? protobuf(bytes) : Json.parse(bytes));
    String policy = query.getValue("propagationPolicy");
    String grace = query.getValue("gracePeriodSeconds");
    try {
      return new DeleteOptions(policy != null ? policy : options.propagationPolicy(),
          grace != null ? Long.parseLong(grace) : options.gracePeriodSeconds());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("gracePeriodSeconds=" + grace + " is not a number of seconds");
    }
  }

  private static Tables.IncludeObject include(Fields query) {
    try {
      return Tables.IncludeObject.parse(query.getValue("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static long timeoutSeconds(Fields query) {
    String value = query.getValue("timeoutSeconds");
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("timeoutSeconds=" + value + " is not a number of seconds");
    }
  }

  private static String value(Fields query, String name) {
    String v = query.getValue(name);
    return v == null ? "" : v;
  }

  private static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static ObjectNode bodyObject(Request request, WriteOptions write) {
    if (isProtobuf(request)) {
      return protobuf(body(request));
    }
    JsonNode node = write.fieldValidation().parse(body(request), write.warnings());
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  /** kubectl sends built-in kinds as Kubernetes protobuf when it creates them. */
  private static boolean isProtobuf(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return type != null && type.startsWith(ProtobufCodec.CONTENT_TYPE);
  }

  private static ObjectNode protobuf(byte[] body) {
    try {
      return ProtobufCodec.decode(body);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the protobuf request body cannot be read: " + e.getMessage());
    }
  }

  private static byte[] body(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
      if (bytes.length > MAX_REQUEST_BYTES) {
        throw new ApiException(StatusReason.RequestEntityTooLarge,
            "the request body is larger than " + MAX_REQUEST_BYTES + " bytes");
      }
      return bytes;
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /** Adds a Warning header to the reply of {@code request}: kubectl prints each as "Warning: ...". */
  private static void warn(Request request, String warning) {
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) request.getAttribute(WARNINGS);
    if (warnings == null) {
      warnings = new ArrayList<>();
      request.setAttribute(WARNINGS, warnings);
    }
    warnings.add(warning);
  }

  private static void sendJson(Response response, Callback callback, int status, JsonNode body) {
    send(response, callback, status, JSON, Json.bytes(body));
  }

  private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) response.getRequest().getAttribute(WARNINGS);
    if (warnings != null) {
      FieldValidation.headerValues(warnings).forEach(w -> response.getHeaders().add("Warning", w));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
