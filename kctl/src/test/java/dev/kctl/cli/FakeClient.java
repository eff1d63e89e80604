package dev.kctl.cli;

import dev.kctl.client.DeleteOptions;
import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ApiException.Cause;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchHandler;
import dev.kctl.client.WriteParameters;
import dev.kctl.codec.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An in-memory API server for the commands' tests: objects by type, namespace and name. */
final class FakeClient implements Client {
  final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  final List<String> writes = new ArrayList<>();
  /** Causes to reject the next write with (422), when not empty. */
  List<Cause> invalid = List.of();
  String log = "";
  LogOptions lastLogOptions;
  private long revision = 100;

  /** The resource's name, qualified for the metrics kinds, which share theirs with Node and Pod. */
  private static String resourceKey(ResourceType type) {
    return dev.kctl.api.MetricsTypes.all().contains(type) ? type.qualifiedResource() : type.resource();
  }

  private static String key(ResourceType type, String namespace, String name) {
    return resourceKey(type) + "/" + (type.namespaced() ? namespace : "") + "/" + name;
  }

  void put(ResourceType type, ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    objects.put(key(type, metadata.path("namespace").asString(""), metadata.path("name").asString()), object);
  }

  @Override
  public ObjectNode get(ResourceType type, String namespace, String name) {
    ObjectNode object = objects.get(key(type, namespace, name));
    if (object == null) {
      throw ApiException.notFound(type, name);
    }
    return object.deepCopy();
  }

  @Override
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    ObjectNode list = Json.object();
    list.put("kind", type.kind() + "List");
    ArrayNode items = list.putArray("items");
    matching(type, namespace, options).forEach(o -> {
      ObjectNode item = o.deepCopy();
      item.remove("kind");
      item.remove("apiVersion");
      items.add(item);
    });
    return list;
  }

  @Override
  public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
    List<ObjectNode> rows = name == null ? matching(type, namespace, options) : List.of(get(type, namespace, name));
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    ArrayNode columns = table.putArray("columnDefinitions");
    columns.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0);
    columns.addObject().put("name", "Image").put("type", "string").put("format", "").put("priority", 1);
    ArrayNode tableRows = table.putArray("rows");
    for (ObjectNode object : rows) {
      ObjectNode row = tableRows.addObject();
      row.putArray("cells").add(object.at("/metadata/name").asString())
          .add(object.at("/spec/template/spec/containers/0/image").asString("x"));
      row.putObject("object").set("metadata", object.get("metadata").deepCopy());
    }
    return table;
  }

  private List<ObjectNode> matching(ResourceType type, String namespace, ListOptions options) {
    String prefix = resourceKey(type) + "/" + (namespace == null ? "" : namespace + "/");
    String[] label = options.labelSelector().isEmpty() ? null : options.labelSelector().split("=");
    return objects.entrySet().stream()
        .filter(e -> e.getKey().startsWith(resourceKey(type) + "/"))
        .filter(e -> namespace == null || !type.namespaced() || e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .filter(o -> label == null || o.at("/metadata/labels").path(label[0]).asString("").equals(label[1]))
        .filter(o -> fieldsMatch(o, options.fieldSelector()))
        .toList();
  }

  /** Field selectors of the form {@code a.b=v,c.d=w} (equality only), as tests use them. */
  private static boolean fieldsMatch(ObjectNode object, String selector) {
    if (selector.isEmpty()) {
      return true;
    }
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      if (!object.at("/" + kv[0].replace('.', '/')).asString("").equals(kv[1])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    rejectIfInvalid(type, object);
    String name = object.at("/metadata/name").asString();
    if (objects.containsKey(key(type, namespace, name))) {
      throw ApiException.alreadyExists(type, name);
    }
    ObjectNode stored = object.deepCopy();
    ((ObjectNode) stored.get("metadata")).put("resourceVersion", Long.toString(++revision)).put("uid", "uid-" + name);
    objects.put(key(type, namespace, name), stored);
    writes.add("create " + key(type, namespace, name));
    return stored.deepCopy();
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) {
    rejectIfInvalid(type, object);
    String namespace = object.at("/metadata/namespace").asString("");
    String name = object.at("/metadata/name").asString();
    ObjectNode current = get(type, namespace, name);
    if (!current.at("/metadata/resourceVersion").equals(object.at("/metadata/resourceVersion"))) {
      throw ApiException.conflict(type, name, "the object has been modified");
    }
    ObjectNode stored = object.deepCopy();
    ((ObjectNode) stored.get("metadata")).put("resourceVersion", Long.toString(++revision));
    objects.put(key(type, namespace, name), stored);
    writes.add("update " + key(type, namespace, name));
    return stored.deepCopy();
  }

  private void rejectIfInvalid(ResourceType type, ObjectNode object) {
    if (!invalid.isEmpty()) {
      throw ApiException.invalid(type, object.at("/metadata/name").asString(), invalid);
    }
  }

  /** The parameters of writes that carried some, as {@code verb resource/namespace/name parameters}. */
  final List<String> parameterizedWrites = new ArrayList<>();
  /** The options of each delete, in order. */
  final List<DeleteOptions> deleteOptions = new ArrayList<>();
  /** Logs by pod name; {@link #log} for pods not here. */
  final Map<String, String> logsByPod = new LinkedHashMap<>();
  /** A Status message to refuse the next apply patch with (409), when not empty. */
  String applyConflict = "";

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object, WriteParameters parameters) {
    parameterizedWrites.add("create " + key(type, namespace, object.at("/metadata/name").asString()) + " " + parameters);
    return parameters.dryRun() ? object.deepCopy() : create(type, namespace, object);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object, WriteParameters parameters) {
    parameterizedWrites.add("update " + key(type, object.at("/metadata/namespace").asString(""),
        object.at("/metadata/name").asString()) + " " + parameters);
    return parameters.dryRun() ? object.deepCopy() : update(type, object);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch,
      String subresource, WriteParameters parameters) {
    parameterizedWrites.add(patchType + " " + key(type, namespace, name) + " " + parameters);
    if (patchType != PatchType.APPLY) {
      return parameters.dryRun() ? get(type, namespace, name) : patch(type, namespace, name, patchType, patch, subresource);
    }
    if (!applyConflict.isEmpty() && !parameters.force()) {
      throw new ApiException(dev.kctl.api.StatusReason.Conflict, applyConflict);
    }
    if (parameters.dryRun()) {
      return (ObjectNode) patch.deepCopy();
    }
    ObjectNode current = objects.get(key(type, namespace, name));
    ObjectNode applied = current == null ? ((ObjectNode) patch).deepCopy() : merge(current, patch);
    objects.put(key(type, namespace, name), applied);
    writes.add("apply " + key(type, namespace, name));
    return applied.deepCopy();
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    deleteOptions.add(options);
    ObjectNode removed = objects.remove(key(type, namespace, name));
    if (removed == null) {
      throw ApiException.notFound(type, name);
    }
    writes.add("delete " + key(type, namespace, name));
    return removed;
  }

  @Override
  public InputStream logs(String namespace, String pod, LogOptions options) {
    lastLogOptions = options;
    get(dev.kctl.api.ResourceTypes.PODS, namespace, pod);
    return new ByteArrayInputStream(logsByPod.getOrDefault(pod, log).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
    throw new UnsupportedOperationException();
  }

  /** The patches received, as {@code TYPE resource/namespace/name body}. */
  final List<String> patches = new ArrayList<>();

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource) {
    ObjectNode current = get(type, namespace, name);
    patches.add(patchType + " " + key(type, namespace, name) + (subresource == null ? "" : "/" + subresource)
        + " " + Json.string(patch));
    ObjectNode patched = switch (patchType) {
      case MERGE, STRATEGIC_MERGE -> merge(current, patch);
      case JSON -> jsonPatch(current, patch);
      case APPLY -> throw new UnsupportedOperationException(patchType + " patches");
    };
    ((ObjectNode) patched.get("metadata")).put("resourceVersion", Long.toString(++revision));
    objects.put(key(type, namespace, name), patched);
    writes.add("patch " + key(type, namespace, name));
    return patched.deepCopy();
  }

  /** RFC 6902 JSON patch, the add, replace and remove operations on object fields. */
  static ObjectNode jsonPatch(ObjectNode target, JsonNode operations) {
    ObjectNode result = target.deepCopy();
    for (JsonNode operation : operations) {
      String path = operation.path("path").asString();
      int slash = path.lastIndexOf('/');
      JsonNode parent = slash == 0 ? result : result.at(path.substring(0, slash));
      String field = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      switch (operation.path("op").asString()) {
        case "add", "replace" -> ((ObjectNode) parent).set(field, operation.get("value").deepCopy());
        case "remove" -> ((ObjectNode) parent).remove(field);
        default -> throw new UnsupportedOperationException(operation.toString());
      }
    }
    return result;
  }

  /** RFC 7386 merge patch: objects merge, null removes, anything else replaces. */
  static ObjectNode merge(ObjectNode target, JsonNode patch) {
    ObjectNode result = target.deepCopy();
    patch.properties().forEach(field -> {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        result.remove(field.getKey());
      } else if (value.isObject() && result.path(field.getKey()).isObject()) {
        result.set(field.getKey(), merge((ObjectNode) result.get(field.getKey()), value));
      } else {
        result.set(field.getKey(), value.deepCopy());
      }
    });
    return result;
  }

  @Override
  public ObjectNode createSubresource(ResourceType type, String namespace, String name,
      String subresource, ObjectNode body) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
    watchers.add(handler);
    watchOpened.countDown();
    return () -> { };
  }

  /** The handlers of watches opened so far; tests send events through them. */
  final List<WatchHandler> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Counted down when the first watch opens. */
  final java.util.concurrent.CountDownLatch watchOpened = new java.util.concurrent.CountDownLatch(1);

  @Override
  public void close() {}
}
