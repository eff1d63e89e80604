package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import dev.kctl.store.KeyValue;
import dev.kctl.store.Range;
import dev.kctl.store.Store;
import dev.kctl.store.StoreException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's semantics, independent of HTTP: admission (defaults, validation, generated fields),
 * optimistic concurrency on resourceVersion, subresources, and watches, over the {@link Store}.
 * The HTTP handler and the in-process {@link LocalClient} both call it, so every writer passes
 * the same door.
 *
 * <p>Objects are stored without {@code metadata.resourceVersion}; it is the store's modRevision
 * and is stamped on every object read.
 */
public final class ApiService {
  /** Objects over this size are refused (413), as etcd's default request limit does in Kubernetes. */
  static final int MAX_OBJECT_BYTES = 1_572_864;

  private final Store store;
  private final InstantSource clock;
  private final Bindings bindings;
  private final Scales scales;
  private final ServiceAddresses serviceAddresses;

  public ApiService(Store store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    this.bindings = new Bindings(this);
    this.scales = new Scales(this);
    this.serviceAddresses = new ServiceAddresses(this);
  }

  public ObjectNode get(ResourceType type, String namespace, String name) {
    return decode(find(type, namespace, name));
  }

  /**
   * Lists objects. With a {@code limit}, returns a page and a {@code continue} token for the next
   * one; every page reads the first page's revision, so the pages together are one consistent
   * snapshot, as long as the store still keeps the history back to it (else 410 Expired).
   */
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    Filter filter = Filter.of(type, options);
    ListRead read = ListRead.of(options, store.revision());
    Range range = range(StorageKeys.prefix(type, namespace), read);
    ObjectNode list = Json.object();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", Long.toString(range.revision()));
    ArrayNode items = list.putArray("items");
    List<KeyValue> all = range.items();
    String lastKey = null;
    for (int i = 0; i < all.size(); i++) {
      KeyValue kv = all.get(i);
      if (read.from() != null && kv.key().compareTo(read.from().afterKey()) <= 0) {
        continue;
      }
      ObjectNode object = decode(kv);
      if (!filter.matches(object)) {
        continue;
      }
      if (options.limit() > 0 && items.size() == options.limit()) {
        meta.put("continue", new ContinueToken(range.revision(), lastKey).encode());
        if (filter.selectsAll()) {
          // Only an unfiltered list can count what is left without decoding it, as in Kubernetes.
          meta.put("remainingItemCount", all.size() - i);
        }
        break;
      }
      items.add(object);
      lastKey = kv.key();
    }
    return list;
  }

  private Range range(String prefix, ListRead read) {
    if (read.snapshot() == 0) {
      return store.range(prefix);
    }
    try {
      return store.range(prefix, read.snapshot());
    } catch (StoreException.Compacted e) {
      throw new ApiException(StatusReason.Expired, read.from() != null
          ? "the continue token is too old: revision " + read.snapshot() + " has been compacted, so the rest of"
              + " this list can no longer be read consistently; list again without the continue parameter"
          : "resourceVersion " + read.snapshot() + " is too old: history before revision " + e.compactedRevision()
              + " has been compacted; list without resourceVersion to read the current state");
    }
  }

  public ObjectNode create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    ObjectNode object = body.deepCopy();
    checkTypeAndNamespace(type, namespace, object);
    ObjectNode meta = ObjectMeta.mutable(object);
    if (type.namespaced()) {
      meta.put("namespace", namespace);
      requireNamespace(namespace, type, meta.path("name").asString(""));
    } else {
      meta.remove("namespace");
    }
    if (meta.path("name").asString("").isEmpty() && !meta.path("generateName").asString("").isEmpty()) {
      meta.put("name", Names.generate(meta.path("generateName").asString("")));
    }
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Timestamps.time(clock.instant()));
    meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
    if (Subresources.hasGeneration(type)) {
      meta.put("generation", 1);
    }
    Subresources.resetStatusOnCreate(type, object);
    options.checkFields(type, object);
    ManagedFields.recordUpdate(type, null, object, options.fieldManager(), clock.instant());
    Defaulting.apply(type, object);
    Validation.validate(type, object);
    String name = meta.path("name").asString("");
    if (type == ResourceTypes.SERVICES) {
      return serviceAddresses.allocateAndCreate(object, () -> persist(type, namespace, name, object, options));
    }
    return persist(type, namespace, name, object, options);
  }

  private ObjectNode persist(ResourceType type, String namespace, String name, ObjectNode object, WriteOptions options) {
    if (options.dryRun()) {
      return object;
    }
    try {
      return decode(store.create(StorageKeys.key(type, namespace, name), encode(object)));
    } catch (StoreException.KeyExists e) {
      throw ApiException.alreadyExists(type, name);
    }
  }

  /**
   * Replaces an object (PUT). The main resource ignores status and the status subresource ignores
   * everything else, as in Kubernetes; a non-empty resourceVersion must be the current one.
   */
  public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body,
      String subresource, WriteOptions options) {
    checkTypeAndNamespace(type, namespace, body);
    String bodyName = ObjectMeta.of(body).name();
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (%s) does not match the name on the URL (%s)".formatted(bodyName, name));
    }
    String rv = ObjectMeta.of(body).resourceVersion();
    long expected = parseResourceVersion(rv);
    return guaranteedUpdate(type, namespace, name, expected, subresource, options, current -> body.deepCopy());
  }

  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource, WriteOptions options) {
    if (patchType == PatchType.APPLY) {
      return apply(type, namespace, name, (ObjectNode) patch, subresource, options);
    }
    return guaranteedUpdate(type, namespace, name, 0, subresource, options, current -> {
      JsonNode patched = switch (patchType) {
        case MERGE -> MergePatch.apply(current, patch);
        case STRATEGIC_MERGE -> StrategicMergePatch.apply(type, current, patch);
        case JSON -> JsonPatch.apply(current, patch);
        case APPLY -> throw new IllegalStateException("apply is handled before the patch switch");
      };
      if (!(patched instanceof ObjectNode object)) {
        throw ApiException.badRequest("the patch turned the object into a " + patched.getNodeType());
      }
      String patchedRv = ObjectMeta.of(object).resourceVersion();
      if (!patchedRv.isEmpty() && !patchedRv.equals(ObjectMeta.of(current).resourceVersion())) {
        throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
      }
      return object;
    });
  }

  /**
   * Server-side apply: creates the object from {@code applied} when it does not exist, otherwise
   * merges it in under field ownership (see {@link ManagedFields}).
   */
  private ObjectNode apply(ResourceType type, String namespace, String name, ObjectNode applied,
      String subresource, WriteOptions options) {
    String appliedName = ObjectMeta.of(applied).name();
    if (!appliedName.isEmpty() && !appliedName.equals(name)) {
      throw ApiException.badRequest("the name of the object (%s) does not match the name on the URL (%s)".formatted(appliedName, name));
    }
    while (true) {
      if (store.get(StorageKeys.key(type, namespace, name)).isEmpty()) {
        ObjectNode object = ManagedFields.apply(type, null, applied, options.fieldManager(), options.force(), clock.instant());
        ObjectMeta.mutable(object).put("name", name);
        try {
          return create(type, namespace, object, withoutManager(options));
        } catch (ApiException e) {
          if (e.reason() != StatusReason.AlreadyExists) {
            throw e;
          }
          continue; // created meanwhile: apply onto it
        }
      }
      return guaranteedUpdate(type, namespace, name, 0, subresource, withoutManager(options), current ->
          ManagedFields.apply(type, current, applied, options.fieldManager(), options.force(), clock.instant()));
    }
  }

  /** The options of a write whose field ownership was already recorded (by an apply). */
  private static WriteOptions withoutManager(WriteOptions options) {
    return new WriteOptions(options.dryRun(), "", options.fieldValidation(), options.warnings(), options.force());
  }

  /**
   * Deletes an object as Kubernetes does. It is removed at once unless something must happen
   * first: a pod on a node gets a grace period for its processes to stop (its node removes it
   * with {@link DeleteOptions#NOW} when they have), and an object with finalizers (Foreground and
   * Orphan propagation add one) stays, marked with {@code deletionTimestamp}, until they are all
   * removed. A namespace with {@code spec.finalizers} turns {@code Terminating} and refuses new
   * content; the namespace controller empties it and finalizes it, which removes it.
   */
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions delete, WriteOptions options) {
    if (type == ResourceTypes.NAMESPACES && Names.PROTECTED_NAMESPACES.contains(name)) {
      throw new ApiException(StatusReason.Forbidden,
          "namespaces \"%s\" is forbidden: this namespace may not be deleted".formatted(name));
    }
    String key = StorageKeys.key(type, namespace, name);
    while (true) {
      KeyValue stored = store.get(key).orElseThrow(() -> ApiException.notFound(type, name));
      ObjectNode current = decode(stored);
      if (options.dryRun()) {
        return current;
      }
      ObjectNode next = Deletion.mark(type, current, delete, clock.instant());
      try {
        if (next == null) {
          return decode(store.delete(key, stored.modRevision()));
        }
        if (next.equals(current)) {
          return current;
        }
        return decode(store.update(key, encode(next), stored.modRevision()));
      } catch (StoreException.RevisionMismatch raced) {
        // changed while we decided: decide again on the new state
      } catch (StoreException.KeyNotFound gone) {
        throw ApiException.notFound(type, name);
      }
    }
  }

  /** The {@code scale} subresource of Deployments and ReplicaSets. */
  Scales scales() {
    return scales;
  }

  /** POST pods/{name}/binding: binds the pod to a node and assigns its host ports. */
  public ObjectNode bind(String namespace, String name, ObjectNode binding) {
    return bindings.bind(namespace, name, binding);
  }

  /**
   * Watches objects of {@code type}: with an empty or "0" resourceVersion, the current objects
   * arrive first as ADDED events, then every change; otherwise changes after that version.
   */
  public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
    Filter filter = Filter.of(type, options);
    String prefix = StorageKeys.prefix(type, namespace);
    String rv = options.resourceVersion();
    if (rv.isEmpty() || rv.equals("0")) {
      Range range = store.range(prefix);
      List<ObjectNode> initial = range.items().stream().map(ApiService::decode).filter(filter::matches).toList();
      return Watches.start(store, prefix, range.revision(), filter, handler, initial, bookmarks(type, options));
    }
    return Watches.start(store, prefix, parseResourceVersion(rv), filter, handler, List.of(), bookmarks(type, options));
  }

  Instant now() {
    return clock.instant();
  }

  /** The kind a BOOKMARK names, when the watcher asked for bookmarks; null when it did not. */
  private static ResourceType bookmarks(ResourceType type, ListOptions options) {
    return options.allowWatchBookmarks() ? type : null;
  }

  /** Reads, changes and writes back an object, retrying when another writer got there first. */
  ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, long expected,
      String subresource, WriteOptions options, UnaryOperator<ObjectNode> change) {
    String key = StorageKeys.key(type, namespace, name);
    while (true) {
      KeyValue stored = store.get(key).orElseThrow(() -> ApiException.notFound(type, name));
      if (expected != 0 && expected != stored.modRevision()) {
        throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
      }
      ObjectNode current = decode(stored);
      ObjectNode changed = change.apply(current.deepCopy());
      options.checkFields(type, changed);
      ObjectNode next = Subresources.merge(type, subresource, current, changed);
      keepSystemFields(type, current, next);
      ManagedFields.recordUpdate(type, current, next, options.fieldManager(), clock.instant());
      if (subresource == null || subresource.isEmpty()) {
        Defaulting.apply(type, next);
        if (type == ResourceTypes.SERVICES) {
          serviceAddresses.keepOnUpdate(current, next);
        }
      }
      Validation.validate(type, next);
      if (options.dryRun()) {
        return next;
      }
      byte[] bytes = encode(next);
      // The stored bytes are what encoding the current object gives: compare with them rather
      // than encode it again on every write.
      if (java.util.Arrays.equals(bytes, stored.value())) {
        return current; // a no-op write keeps the resourceVersion, as in Kubernetes
      }
      try {
        if (Deletion.isComplete(next)) {
          return decode(store.delete(key, stored.modRevision()));
        }
        return decode(store.update(key, bytes, stored.modRevision()));
      } catch (StoreException.RevisionMismatch e) {
        if (expected != 0) {
          throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
      } catch (StoreException.KeyNotFound e) {
        throw ApiException.notFound(type, name);
      }
    }
  }

  private void keepSystemFields(ResourceType type, ObjectNode current, ObjectNode next) {
    next.put("apiVersion", type.apiVersion());
    next.put("kind", type.kind());
    ObjectNode meta = ObjectMeta.mutable(next);
    JsonNode was = current.path("metadata");
    for (String field : List.of("name", "namespace", "uid", "creationTimestamp", "generation",
        "deletionTimestamp", "deletionGracePeriodSeconds")) {
      if (was.has(field)) {
        meta.set(field, was.get(field).deepCopy());
      } else {
        meta.remove(field);
      }
    }
    meta.remove("resourceVersion");
    if (!meta.has("managedFields") && was.has("managedFields")) {
      meta.set("managedFields", was.get("managedFields").deepCopy()); // a writer that sends none keeps them
    }
    if (Subresources.hasGeneration(type) && !current.path("spec").equals(next.path("spec"))) {
      meta.put("generation", was.path("generation").asLong(0) + 1);
    }
  }

  /** New content needs a namespace that exists and is not being terminated. */
  private void requireNamespace(String namespace, ResourceType type, String name) {
    if (namespace == null || namespace.isEmpty()) {
      throw ApiException.badRequest("a namespace is required for namespaced resources");
    }
    KeyValue stored = store.get(StorageKeys.key(ResourceTypes.NAMESPACES, null, namespace))
        .orElseThrow(() -> ApiException.notFound(ResourceTypes.NAMESPACES, namespace));
    NamespaceLifecycle.refuseIfTerminating(decode(stored), type, name);
  }

  private static void checkTypeAndNamespace(ResourceType type, String namespace, ObjectNode object) {
    String kind = object.path("kind").asString("");
    String apiVersion = object.path("apiVersion").asString("");
    if ((!kind.isEmpty() && !kind.equals(type.kind())) || (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion()))) {
      throw ApiException.badRequest("the body is a %s %s, but the request is for %s".formatted(
          apiVersion, kind, type.qualifiedResource()));
    }
    String bodyNamespace = ObjectMeta.of(object).namespace();
    if (type.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  static long parseResourceVersion(String rv) {
    if (rv == null || rv.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resourceVersion \"" + rv + "\": must be a number returned by this server");
    }
  }

  static ObjectNode decode(KeyValue kv) {
    ObjectNode object = Json.parseObject(kv.value());
    ObjectMeta.mutable(object).put("resourceVersion", Long.toString(kv.modRevision()));
    return object;
  }

  private KeyValue find(ResourceType type, String namespace, String name) {
    return store.get(StorageKeys.key(type, namespace, name)).orElseThrow(() -> ApiException.notFound(type, name));
  }

  static byte[] encode(ObjectNode object) {
    ObjectNode copy = object;
    if (object.path("metadata").has("resourceVersion")) {
      copy = object.deepCopy();
      ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
    }
    byte[] bytes = Json.bytes(copy);
    if (bytes.length > MAX_OBJECT_BYTES) {
      throw new ApiException(StatusReason.RequestEntityTooLarge,
          "the object is %d bytes; objects larger than %d bytes are refused".formatted(bytes.length, MAX_OBJECT_BYTES));
    }
    return bytes;
  }

  /** The label and field selectors of a list or watch, applied together. */
  record Filter(LabelSelector labels, FieldSelector fields) {
    static Filter of(ResourceType type, ListOptions options) {
      LabelSelector labels;
      try {
        labels = LabelSelector.parse(options.labelSelector());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      return new Filter(labels, FieldSelector.parse(type, options.fieldSelector()));
    }

    boolean selectsAll() {
      return labels.isEmpty() && fields.equals(FieldSelector.EVERYTHING);
    }

    boolean matches(JsonNode object) {
      return labels.matches(ObjectMeta.of(object).labels()) && fields.matches(object);
    }
  }
}
