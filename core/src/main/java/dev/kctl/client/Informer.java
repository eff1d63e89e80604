package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A shared informer: keeps a cache of one kind's objects current by listing them, then watching
 * from the list's resourceVersion, and tells its {@link InformerHandler}s about every change.
 *
 * <p>Guarantees: handlers are called in order, from the informer's one virtual thread. When the
 * watch fails (an {@code ERROR} event, 410 Gone, a dropped stream) the informer relists with
 * exponential backoff (100ms doubling to 30s, reset once a watch delivers events) and turns the
 * difference between the new list and its cache into adds, updates and deletes, so handlers never
 * miss a deletion that happened while the watch was down; they may see only the final state of an
 * object that changed several times meanwhile. A watch the server ends cleanly (its timeout) is
 * resumed from the last seen resourceVersion without a relist.
 *
 * <p>{@link #get} and {@link #list} read the cache; its objects are shared with every handler and
 * reader, so {@code deepCopy()} one before changing it. Before {@link #hasSynced()} the cache may
 * be incomplete.
 */
public final class Informer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Informer.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final Client client;
  private final ResourceType type;
  private final String namespace;
  private final ListOptions options;
  private final List<InformerHandler> handlers = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();
  /** Watch callbacks arrive on the client's threads; this hands them to the informer thread. */
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  /** Counted down once the first list is applied, or when closed. */
  private final CountDownLatch syncedOrClosed = new CountDownLatch(1);
  private volatile boolean synced;
  private volatile Thread thread;
  private volatile Watch watch;
  /** Written and read by the informer thread only. */
  private String resourceVersion = "";
  private long watchId;
  /** Whether the last watch delivered any event: a watch that did resets the backoff. */
  private boolean lastWatchDelivered;

  /** What the client's watch threads tell the informer thread. */
  private sealed interface Signal {
    record Event(long watchId, WatchEvent event) implements Signal {}

    record Ended(long watchId, ApiException cause) implements Signal {}

    record Stop() implements Signal {}
  }

  /** How one watch ended. */
  private enum End { CLEAN, RELIST, STOPPED }

  /**
   * @param namespaceOrNull the namespace to watch, null for all namespaces (or cluster-scoped kinds)
   * @param options label and field selectors; its resourceVersion, limit and continue are ignored
   */
  public Informer(Client client, ResourceType type, String namespaceOrNull, ListOptions options) {
    this.client = client;
    this.type = type;
    this.namespace = namespaceOrNull;
    this.options = options;
  }

  /** Adds a handler; only before {@link #start()}, so every handler sees every object. */
  public void addHandler(InformerHandler handler) {
    if (thread != null) {
      throw new IllegalStateException("informer for " + type.resource() + " already started; add handlers before start()");
    }
    handlers.add(handler);
  }

  /** Starts listing and watching on a new virtual thread; returns at once. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("informer for " + type.resource() + " already started");
    }
    thread = Thread.ofVirtual().name("informer-" + type.resource()).start(this::run);
  }

  /** Whether the first list has been applied to the cache and handed to the handlers. */
  public boolean hasSynced() {
    return synced;
  }

  /**
   * Waits until the first list has been applied, the informer is closed, or {@code timeout}
   * passes; returns {@link #hasSynced()}.
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    syncedOrClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return synced;
  }

  /** The cached object with key {@code namespace/name}, or {@code name} for cluster-scoped kinds. */
  public Optional<ObjectNode> get(String key) {
    return Optional.ofNullable(cache.get(key));
  }

  /** Every cached object, in no particular order. */
  public List<ObjectNode> list() {
    return List.copyOf(cache.values());
  }

  /** The type this informer watches. */
  public ResourceType type() {
    return type;
  }

  /** Stops the watch and the informer thread; no handler is called once this returns. */
  @Override
  public void close() {
    closed.countDown();
    syncedOrClosed.countDown();
    signals.add(new Signal.Stop());
    Watch current = watch;
    if (current != null) {
      current.close();
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        if (!t.join(CLOSE_WAIT)) {
          log.warn("informer for {} did not stop within {}", type.resource(), CLOSE_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void run() {
    int failures = 0;
    boolean needList = true;
    while (!isClosed()) {
      if (failures > 0 && !pause(backoff(failures))) {
        return;
      }
      try {
        if (needList) {
          relist();
          needList = false;
        }
        End end = watchUntilEnd();
        boolean delivered = lastWatchDelivered;
        switch (end) {
          case STOPPED -> {
            return;
          }
          case CLEAN -> failures = delivered ? 0 : failures + 1;
          case RELIST -> {
            needList = true;
            failures = delivered ? 0 : failures + 1;
          }
        }
      } catch (ApiException e) {
        needList = true;
        failures++;
        if (e.reason() == StatusReason.Gone || e.reason() == StatusReason.Expired) {
          log.debug("informer for {}: resourceVersion {} is gone, relisting", type.resource(), resourceVersion);
        } else {
          log.warn("informer for {}: list/watch failed ({}), retrying in {}", type.resource(), e.getMessage(), backoff(failures));
        }
      } catch (RuntimeException e) {
        needList = true;
        failures++;
        log.warn("informer for {}: list/watch failed, retrying in {}", type.resource(), backoff(failures), e);
      }
    }
  }

  private static Duration backoff(int failures) {
    long millis = INITIAL_BACKOFF.toMillis() << Math.min(failures - 1, 20);
    return millis >= MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
  }

  /** Waits {@code delay} unless closed first; returns false when closed. */
  private boolean pause(Duration delay) {
    try {
      return !closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void relist() {
    ListOptions listOptions = new ListOptions(options.labelSelector(), options.fieldSelector(), "", options.limit(), "", false);
    Map<String, ObjectNode> fresh = new HashMap<>();
    String version = null;
    do {
      ObjectNode page = client.list(type, namespace, listOptions);
      if (version == null) {
        version = page.path("metadata").path("resourceVersion").asString("");
      }
      for (JsonNode item : page.path("items")) {
        if (item instanceof ObjectNode object) {
          fresh.put(ObjectMeta.of(object).key(), withTypeMeta(object));
        }
      }
      String next = page.path("metadata").path("continue").asString("");
      listOptions = next.isEmpty() ? null : new ListOptions(options.labelSelector(), options.fieldSelector(), "", options.limit(), next, false);
    } while (listOptions != null);
    resourceVersion = version;
    applyList(fresh);
    if (!synced) {
      synced = true;
      syncedOrClosed.countDown();
      log.info("informer for {} synced: {} objects at resourceVersion {}", type.resource(), fresh.size(), version);
    } else {
      log.debug("informer for {} relisted: {} objects at resourceVersion {}", type.resource(), fresh.size(), version);
    }
  }

  private void applyList(Map<String, ObjectNode> fresh) {
    List<ObjectNode> gone = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : cache.entrySet()) {
      if (!fresh.containsKey(e.getKey())) {
        gone.add(e.getValue());
      }
    }
    for (ObjectNode last : gone) {
      cache.remove(ObjectMeta.of(last).key());
      dispatch(h -> h.onDelete(last));
    }
    for (Map.Entry<String, ObjectNode> e : fresh.entrySet()) {
      ObjectNode current = e.getValue();
      ObjectNode old = cache.put(e.getKey(), current);
      if (old == null) {
        dispatch(h -> h.onAdd(current));
      } else if (!resourceVersionOf(old).equals(resourceVersionOf(current))) {
        dispatch(h -> h.onUpdate(old, current));
      }
    }
  }

  private End watchUntilEnd() {
    long id = ++watchId;
    lastWatchDelivered = false;
    ListOptions watchOptions = new ListOptions(options.labelSelector(), options.fieldSelector(), resourceVersion, 0, "", true);
    Watch current = client.watch(type, namespace, watchOptions, new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        signals.add(new Signal.Event(id, event));
      }

      @Override
      public void onClose(ApiException cause) {
        signals.add(new Signal.Ended(id, cause));
      }
    });
    watch = current;
    try {
      if (isClosed()) {
        return End.STOPPED;
      }
      while (true) {
        Signal signal = signals.take();
        switch (signal) {
          case Signal.Stop stop -> {
            return End.STOPPED;
          }
          case Signal.Event event when event.watchId() != id -> { } // from a watch already replaced
          case Signal.Event event -> {
            if (!apply(event.event())) {
              return End.RELIST;
            }
          }
          case Signal.Ended ended when ended.watchId() != id -> { }
          case Signal.Ended ended -> {
            if (ended.cause() == null) {
              log.debug("informer for {}: watch ended at resourceVersion {}, resuming", type.resource(), resourceVersion);
              return End.CLEAN;
            }
            log.info("informer for {}: watch failed at resourceVersion {} ({}), relisting",
                type.resource(), resourceVersion, ended.cause().getMessage());
            return End.RELIST;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return End.STOPPED;
    } finally {
      watch = null;
      current.close();
    }
  }

  /** Applies one watch event; false when the event says the watch is broken. */
  private boolean apply(WatchEvent event) {
    ObjectNode object = event.object();
    switch (event.type()) {
      case ADDED, MODIFIED -> {
        ObjectNode current = withTypeMeta(object);
        ObjectNode old = cache.put(ObjectMeta.of(current).key(), current);
        if (old == null) {
          dispatch(h -> h.onAdd(current));
        } else {
          dispatch(h -> h.onUpdate(old, current));
        }
        advance(current);
      }
      case DELETED -> {
        ObjectNode last = withTypeMeta(object);
        ObjectNode old = cache.remove(ObjectMeta.of(last).key());
        if (old != null) {
          dispatch(h -> h.onDelete(last));
        }
        advance(last);
      }
      case BOOKMARK -> advance(object);
      case ERROR -> {
        log.info("informer for {}: watch error at resourceVersion {}: {} ({}), relisting", type.resource(),
            resourceVersion, object.path("message").asString(""), object.path("code").asInt(0));
        return false;
      }
    }
    return true;
  }

  private void advance(ObjectNode object) {
    String version = resourceVersionOf(object);
    if (!version.isEmpty()) {
      resourceVersion = version;
    }
    lastWatchDelivered = true;
  }

  /** List items usually lack apiVersion and kind; events about them need both. */
  private ObjectNode withTypeMeta(ObjectNode object) {
    if (!object.hasNonNull("kind")) {
      object.put("kind", type.kind());
    }
    if (!object.hasNonNull("apiVersion")) {
      object.put("apiVersion", type.apiVersion());
    }
    return object;
  }

  private static String resourceVersionOf(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asString("");
  }

  private void dispatch(java.util.function.Consumer<InformerHandler> call) {
    for (InformerHandler handler : handlers) {
      try {
        call.accept(handler);
      } catch (RuntimeException e) {
        log.error("informer for {}: handler {} failed", type.resource(), handler, e);
      }
    }
  }
}
