package dev.kctl.apiserver;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.table.Tables;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchHandler;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Client} for components inside kctld (controllers, scheduler): the same
 * {@link ApiService} the HTTP API calls, without the network. Objects handed out are the
 * caller's own copies.
 */
public final class LocalClient implements Client {
  private final ApiService api;
  private final LogProxy logs;
  private final InstantSource clock;

  public LocalClient(ApiService api, LogProxy logs, InstantSource clock) {
    this.api = api;
    this.logs = logs;
    this.clock = clock;
  }

  @Override
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return api.get(type, namespace, name);
  }

  @Override
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    return api.list(type, namespace, options);
  }

  @Override
  public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
    List<ObjectNode> objects = new ArrayList<>();
    String version;
    if (name != null) {
      ObjectNode object = api.get(type, namespace, name);
      objects.add(object);
      version = ObjectMeta.of(object).resourceVersion();
    } else {
      ObjectNode list = api.list(type, namespace, options);
      list.path("items").forEach(item -> objects.add((ObjectNode) item));
      version = list.path("metadata").path("resourceVersion").asString("");
    }
    return Tables.table(type, objects, clock.instant(), version, "");
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    return api.create(type, namespace(type, namespace), object, WriteOptions.DEFAULT);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    return api.update(type, namespace(type, meta.namespace()), meta.name(), object, "", WriteOptions.DEFAULT);
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    return api.update(type, namespace(type, meta.namespace()), meta.name(), object, "status", WriteOptions.DEFAULT);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource) {
    return api.patch(type, namespace(type, namespace), name, patchType, patch, subresource, WriteOptions.DEFAULT);
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    return api.delete(type, namespace(type, namespace), name, options, WriteOptions.DEFAULT);
  }

  @Override
  public ObjectNode createSubresource(ResourceType type, String namespace, String name,
      String subresource, ObjectNode body) {
    if (type == ResourceTypes.PODS && subresource.equals("binding")) {
      return api.bind(namespace, name, body);
    }
    throw dev.kctl.api.ApiException.notFound(type, name + "/" + subresource);
  }

  @Override
  public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
    return api.watch(type, type.namespaced() ? namespace : null, options, handler);
  }

  @Override
  public InputStream logs(String namespace, String pod, LogOptions options) {
    return logs.open(namespace, pod, options);
  }

  @Override
  public void close() {
    // nothing to release: the ApiService belongs to kctld
  }

  private static String namespace(ResourceType type, String namespace) {
    return type.namespaced() ? namespace : null;
  }
}
