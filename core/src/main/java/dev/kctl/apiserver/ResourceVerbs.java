package dev.kctl.apiserver;

import static dev.kctl.apiserver.Replies.sendJson;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.table.Tables;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verbs on an authorized resource path: get, list, watch, create, update, patch, delete and
 * deletecollection, and the subresources status, scale, binding and finalize; log, exec and
 * portforward go to {@link PodStreams}. Replies as a Table where the client asks for one.
 */
final class ResourceVerbs {
  private final ApiService api;
  private final PodStreams streams;
  private final InstantSource clock;
  /** Upgrades watches to WebSocket for clients that ask; null where Jetty's WebSocket support is absent. */
  private final ServerWebSocketContainer websockets;

  ResourceVerbs(ApiService api, PodStreams streams, InstantSource clock, ServerWebSocketContainer websockets) {
    this.api = api;
    this.streams = streams;
    this.clock = clock;
    this.websockets = websockets;
  }

  void serve(Request request, Response response, Callback callback, RequestInfo info,
      String verb, Fields query, String accept) {
    ResourceType type = info.type();
    String ns = info.namespace();
    WriteOptions write = QueryParameters.writeOptions(request, query);
    ListOptions listOptions = QueryParameters.listOptions(query);
    boolean table = accept != null && accept.contains("as=Table");
    Tables.IncludeObject include = QueryParameters.include(query);
    if ("exec".equals(info.subresource()) && verb.equals("get")) {
      streams.exec(request, response, callback, info, query);
      return;
    }
    if ("portforward".equals(info.subresource()) && type.resource().equals("pods")) {
      streams.portForward(request, response, callback, info);
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
          streams.logs(request, response, callback, info, query);
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
        new WatchStream(api, type, ns, listOptions, QueryParameters.timeoutSeconds(query), table ? include : null, clock)
            .serve(request, response, callback);
      }
      case "create" -> {
        ObjectNode body = RequestBodies.object(request, write);
        Authorizer.checkCreate(RequestIdentity.of(request), info, body);
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
          api.update(type, ns, info.name(), RequestBodies.object(request, write), info.subresource(), write));
      case "patch" -> {
        PatchType patchType = RequestBodies.patchType(request);
        JsonNode patch = patchType == PatchType.APPLY
            ? RequestBodies.applyConfiguration(RequestBodies.bytes(request), write)
            : write.fieldValidation().parse(RequestBodies.bytes(request), write.warnings());
        sendJson(response, callback, 200, api.patch(type, ns, info.name(), patchType, patch, info.subresource(), write));
      }
      case "delete" -> sendJson(response, callback, 200,
          api.delete(type, ns, info.name(), RequestBodies.deleteOptions(request, query), write));
      case "deletecollection" -> {
        ObjectNode list = api.list(type, ns, listOptions);
        for (JsonNode item : list.path("items")) {
          ObjectMeta meta = ObjectMeta.of(item);
          try {
            api.delete(type, type.namespaced() ? meta.namespace() : null, meta.name(),
                RequestBodies.deleteOptions(request, query), write);
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
      case "update" -> scales.update(type, info.namespace(), info.name(), RequestBodies.object(request, write), write);
      case "patch" -> scales.patch(type, info.namespace(), info.name(),
          RequestBodies.patchType(request), Json.parse(RequestBodies.bytes(request)), write);
      default -> throw new ApiException(StatusReason.MethodNotAllowed, verb + " is not supported on " + type.resource() + "/scale");
    };
    sendJson(response, callback, 200, result);
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
}
