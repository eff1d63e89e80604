package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test double of {@link Client}: objects in memory, with what informers, controllers and the
 * scheduler use (get, list, watch from a revision with replay, create with generateName, update
 * with conflict checks, status, merge patch, delete, pods/binding). Watch events are delivered
 * synchronously, in order, on the thread that made the change. Every write is recorded in
 * {@link #actions()} as {@code "verb resource namespace/name"}.
 */
public final class InMemoryClient implements Client {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final InstantSource clock;
  private final Object lock = new Object();
  /** Guarded by lock: objects per type, by key. */
  private final Map<ResourceType, TreeMap<String, ObjectNode>> objects = new java.util.HashMap<>();
  /** Guarded by lock: every change, for watches that start from an older revision. */
  private final List<Change> history = new ArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger lists = new java.util.concurrent.atomic.AtomicInteger();
  private long revision = 1;
  private long compacted;
  private long uids;
  private long names;

  private record Change(long revision, ResourceType type, WatchEvent.Type kind, ObjectNode object) {}

  private final class Watcher implements Watch {
    final ResourceType type;
    final String namespace;
    final ListOptions options;
    final WatchHandler handler;
    boolean closed;

    Watcher(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
      this.type = type;
      this.namespace = namespace;
      this.options = options;
      this.handler = handler;
    }

    void send(Change change) {
      if (change.type() == type && matches(change.object(), namespace, options)) {
        handler.onEvent(new WatchEvent(change.kind(), change.object().deepCopy()));
      }
    }

    void end(ApiException cause) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        watchers.remove(this);
      }
      handler.onClose(cause);
    }

    @Override
    public void close() {
      end(null);
    }
  }

  public InMemoryClient(InstantSource clock) {
    this.clock = clock;
  }

  /** Writes done through this client, e.g. {@code create pods default/web-x2x7k}. */
  public List<String> actions() {
    return List.copyOf(actions);
  }

  public void clearActions() {
    actions.clear();
  }

  /** Objects of a type, as stored (copies). */
  public List<ObjectNode> all(ResourceType type) {
    synchronized (lock) {
      return table(type).values().stream().map(ObjectNode::deepCopy).toList();
    }
  }

  /** The {@code message} of every Event with this reason, in order of creation. */
  public List<String> eventMessages(String reason) {
    return all(ResourceTypes.EVENTS).stream()
        .sorted(java.util.Comparator.comparingLong(e -> Long.parseLong(e.path("metadata").path("resourceVersion").asString())))
        .filter(e -> e.path("reason").asString("").equals(reason))
        .map(e -> e.path("message").asString(""))
        .toList();
  }

  /** Ends every open watch with {@code cause}, as a dropped connection or server error would. */
  public void dropWatches(ApiException cause) {
    for (Watcher w : List.copyOf(watchers)) {
      w.end(cause);
    }
  }

  /** Sends an ERROR event with a 410 Gone Status to every open watch. */
  public void sendGone() {
    ApiException gone = new ApiException(StatusReason.Gone, "too old resource version");
    for (Watcher w : List.copyOf(watchers)) {
      w.handler.onEvent(new WatchEvent(WatchEvent.Type.ERROR, gone.toStatus()));
    }
  }

  /** Forgets history up to now: watches from older revisions fail with Gone. */
  public void compact() {
    synchronized (lock) {
      compacted = revision;
      history.clear();
    }
  }

  /** Changes an object behind every watch's back: it is stored, but no watcher hears of it. */
  public void deleteSilently(ResourceType type, String namespace, String name) {
    synchronized (lock) {
      table(type).remove(key(type, namespace, name));
      revision++;
      compacted = revision;
      history.clear();
    }
  }

  /** How many list calls were made. */
  public int listCalls() {
    return lists.get();
  }

  /** How many watches are open. */
  public int openWatches() {
    return watchers.size();
  }

  @Override
  public ObjectNode get(ResourceType type, String namespace, String name) {
    synchronized (lock) {
      ObjectNode o = table(type).get(key(type, namespace, name));
      if (o == null) {
        throw ApiException.notFound(type, name);
      }
      return o.deepCopy();
    }
  }

  @Override
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    lists.incrementAndGet();
    synchronized (lock) {
      ObjectNode list = dev.kctl.codec.Json.object();
      list.put("apiVersion", type.apiVersion());
      list.put("kind", type.kind() + "List");
      list.putObject("metadata").put("resourceVersion", Long.toString(revision));
      var items = list.putArray("items");
      for (ObjectNode o : table(type).values()) {
        if (matches(o, namespace, options)) {
          ObjectNode item = o.deepCopy();
          // kube-apiserver leaves kind and apiVersion off list items
          item.remove("kind");
          item.remove("apiVersion");
          items.add(item);
        }
      }
      return list;
    }
  }

  @Override
  public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
    throw new UnsupportedOperationException("table");
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    ObjectNode o = object.deepCopy();
    ObjectNode m = ObjectMeta.mutable(o);
    Change change;
    synchronized (lock) {
      if (type.namespaced()) {
        m.put("namespace", namespace);
      }
      if (m.path("name").asString("").isEmpty()) {
        m.put("name", m.path("generateName").asString("") + randomSuffix());
      }
      String key = key(type, namespace, m.path("name").asString());
      if (type == ResourceTypes.EVENTS) {
        // the recorder names events by time; with a fake clock two events on one object collide
        while (table(type).containsKey(key)) {
          m.put("name", m.path("name").asString() + "x");
          key = key(type, namespace, m.path("name").asString());
        }
      }
      if (table(type).containsKey(key)) {
        throw ApiException.alreadyExists(type, m.path("name").asString());
      }
      o.put("apiVersion", type.apiVersion());
      o.put("kind", type.kind());
      m.put("uid", "uid-" + (++uids));
      m.put("creationTimestamp", Timestamps.time(clock.instant()));
      m.put("generation", 1);
      change = store(type, key, o, WatchEvent.Type.ADDED);
      actions.add("create " + type.resource() + " " + key);
    }
    fire(change);
    return o.deepCopy();
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) {
    return replace(type, object, false);
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
    return replace(type, object, true);
  }

  private ObjectNode replace(ResourceType type, ObjectNode object, boolean status) {
    ObjectMeta meta = ObjectMeta.of(object);
    String key = key(type, meta.namespace(), meta.name());
    Change change;
    ObjectNode next;
    synchronized (lock) {
      ObjectNode current = table(type).get(key);
      if (current == null) {
        throw ApiException.notFound(type, meta.name());
      }
      String currentVersion = current.path("metadata").path("resourceVersion").asString();
      if (!meta.resourceVersion().isEmpty() && !meta.resourceVersion().equals(currentVersion)) {
        throw ApiException.conflict(type, meta.name(), "the object has been modified; please apply your changes to the latest version and try again");
      }
      next = current.deepCopy();
      if (status) {
        next.set("status", object.path("status").deepCopy());
      } else {
        ObjectNode incoming = object.deepCopy();
        incoming.set("status", current.path("status").deepCopy());
        ObjectNode m = ObjectMeta.mutable(incoming);
        for (String kept : List.of("uid", "creationTimestamp", "generation", "namespace")) {
          m.set(kept, current.path("metadata").path(kept).deepCopy());
        }
        if (!Objects.equals(incoming.get("spec"), current.get("spec"))) {
          m.put("generation", current.path("metadata").path("generation").asLong(1) + 1);
        }
        next = incoming;
      }
      change = store(type, key, next, WatchEvent.Type.MODIFIED);
      actions.add((status ? "updateStatus " : "update ") + type.resource() + " " + key);
    }
    fire(change);
    return next.deepCopy();
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch, String subresource) {
    if (patchType != PatchType.MERGE) {
      throw new UnsupportedOperationException("patch " + patchType);
    }
    String key = key(type, namespace, name);
    Change change;
    ObjectNode next;
    synchronized (lock) {
      ObjectNode current = table(type).get(key);
      if (current == null) {
        throw ApiException.notFound(type, name);
      }
      next = current.deepCopy();
      merge(next, patch);
      change = store(type, key, next, WatchEvent.Type.MODIFIED);
      actions.add("patch " + type.resource() + (subresource == null ? "" : "/" + subresource) + " " + key);
    }
    fire(change);
    return next.deepCopy();
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        target.remove(e.getKey());
      } else if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
        merge(inner, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    String key = key(type, namespace, name);
    Change change;
    ObjectNode last;
    synchronized (lock) {
      last = table(type).remove(key);
      if (last == null) {
        throw ApiException.notFound(type, name);
      }
      revision++;
      ObjectMeta.mutable(last).put("resourceVersion", Long.toString(revision));
      change = new Change(revision, type, WatchEvent.Type.DELETED, last.deepCopy());
      history.add(change);
      actions.add("delete " + type.resource() + " " + key);
    }
    fire(change);
    return last.deepCopy();
  }

  @Override
  public ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource, ObjectNode body) {
    if (type != ResourceTypes.PODS || !subresource.equals("binding")) {
      throw new UnsupportedOperationException(type.resource() + "/" + subresource);
    }
    String key = key(type, namespace, name);
    Change change;
    synchronized (lock) {
      ObjectNode pod = table(type).get(key);
      if (pod == null) {
        throw ApiException.notFound(type, name);
      }
      String bound = pod.path("spec").path("nodeName").asString("");
      if (!bound.isEmpty()) {
        throw ApiException.conflict(type, name, "pod %s is already assigned to node \"%s\"".formatted(name, bound));
      }
      ObjectNode next = pod.deepCopy();
      next.withObjectProperty("spec").put("nodeName", body.path("target").path("name").asString());
      change = store(type, key, next, WatchEvent.Type.MODIFIED);
      actions.add("bind pods " + key + " " + body.path("target").path("name").asString());
    }
    fire(change);
    ObjectNode status = dev.kctl.codec.Json.object();
    status.put("kind", "Status").put("apiVersion", "v1").put("status", "Success").put("code", 201);
    return status;
  }

  @Override
  public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
    Watcher watcher = new Watcher(type, namespace, options, handler);
    List<Change> replay = new ArrayList<>();
    synchronized (lock) {
      long from = options.resourceVersion().isEmpty() ? revision : Long.parseLong(options.resourceVersion());
      if (from < compacted) {
        throw new ApiException(StatusReason.Gone, "too old resource version: %d (%d)".formatted(from, compacted));
      }
      for (Change c : history) {
        if (c.revision() > from) {
          replay.add(c);
        }
      }
      // replay under the lock so no newer change overtakes the history
      replay.forEach(watcher::send);
      watchers.add(watcher);
    }
    return watcher;
  }

  @Override
  public InputStream logs(String namespace, String pod, LogOptions options) {
    throw new UnsupportedOperationException("logs");
  }

  @Override
  public void close() {
    dropWatches(null);
  }

  private Change store(ResourceType type, String key, ObjectNode object, WatchEvent.Type kind) {
    revision++;
    ObjectMeta.mutable(object).put("resourceVersion", Long.toString(revision));
    table(type).put(key, object);
    Change change = new Change(revision, type, kind, object.deepCopy());
    history.add(change);
    return change;
  }

  private void fire(Change change) {
    synchronized (lock) {
      for (Watcher w : watchers) {
        w.send(change);
      }
    }
  }

  private TreeMap<String, ObjectNode> table(ResourceType type) {
    return objects.computeIfAbsent(type, t -> new TreeMap<>());
  }

  private static String key(ResourceType type, String namespace, String name) {
    return type.namespaced() ? namespace + "/" + name : name;
  }

  private String randomSuffix() {
    long n = ++names * 7919 + 12345;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(NAME_CHARS.charAt((int) (n % NAME_CHARS.length())));
      n /= NAME_CHARS.length();
    }
    return s.toString();
  }

  private static boolean matches(ObjectNode o, String namespace, ListOptions options) {
    ObjectMeta meta = ObjectMeta.of(o);
    if (namespace != null && !meta.namespace().isEmpty() && !meta.namespace().equals(namespace)) {
      return false;
    }
    if (!options.labelSelector().isEmpty() && !LabelSelector.parse(options.labelSelector()).matches(meta.labels())) {
      return false;
    }
    for (String term : options.fieldSelector().isEmpty() ? new String[0] : options.fieldSelector().split(",")) {
      boolean negate = term.contains("!=");
      String[] kv = term.split(negate ? "!=" : "==?", 2);
      JsonNode value = o;
      for (String part : kv[0].trim().split("\\.")) {
        value = value.path(part);
      }
      if (value.asString("").equals(kv[1].trim()) == negate) {
        return false;
      }
    }
    return true;
  }
}
