package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.store.KeyValue;
import dev.kctl.store.Store;
import dev.kctl.store.StoreEvent;
import dev.kctl.store.StoreException;
import dev.kctl.store.StoreWatch;
import dev.kctl.store.WatchProgress;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns store events into Kubernetes watch events for one watcher, applying its selectors the
 * way kube-apiserver does: an object that starts matching arrives as ADDED, one that stops
 * matching as DELETED, so a watcher's view stays exactly "the objects that match".
 */
final class Watches implements Watch {
  /** How often a watch that asked for bookmarks gets one: kube-apiserver's minute. */
  static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  private final WatchHandler handler;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<StoreWatch> storeWatch = new AtomicReference<>();

  private Watches(WatchHandler handler) {
    this.handler = handler;
  }

  /**
   * Sends {@code initial} as ADDED events, then every change after {@code afterRevision}; when
   * {@code bookmarkType} is not null, a BOOKMARK of that kind every {@link #BOOKMARK_INTERVAL}.
   */
  static Watches start(Store store, String prefix, long afterRevision, ApiService.Filter filter,
      WatchHandler handler, List<ObjectNode> initial, ResourceType bookmarkType) {
    Watches watch = new Watches(handler);
    if (afterRevision < store.compactedRevision()) {
      throw gone(afterRevision, store.compactedRevision());
    }
    Thread.ofVirtual().name("watch " + prefix).start(() -> {
      for (ObjectNode object : initial) {
        if (watch.closed.get()) {
          return;
        }
        handler.onEvent(new WatchEvent(WatchEvent.Type.ADDED, object));
      }
      try {
        StoreWatch w = bookmarkType == null
            ? store.watch(prefix, afterRevision, event -> watch.deliver(event, filter))
            : store.watch(prefix, afterRevision, event -> watch.deliver(event, filter),
                new WatchProgress(BOOKMARK_INTERVAL, revision -> watch.bookmark(bookmarkType, revision)));
        watch.storeWatch.set(w);
        if (watch.closed.get()) {
          w.close();
        }
      } catch (StoreException.Compacted e) {
        watch.finish(gone(afterRevision, e.compactedRevision()));
      } catch (StoreException e) {
        watch.finish(new ApiException(StatusReason.InternalError, "watch failed: " + e.getMessage()));
      }
    });
    return watch;
  }

  private void deliver(StoreEvent event, ApiService.Filter filter) {
    if (closed.get()) {
      return;
    }
    deliverMatching(event, filter);
  }

  /**
   * A BOOKMARK: the kind with only the revision the watch has reached. The store calls this
   * between events, so every event up to {@code revision} has already been handed on.
   */
  private void bookmark(ResourceType type, long revision) {
    if (closed.get()) {
      return;
    }
    ObjectNode object = Json.object();
    object.put("kind", type.kind());
    object.put("apiVersion", type.apiVersion());
    object.putObject("metadata").put("resourceVersion", Long.toString(revision));
    handler.onEvent(new WatchEvent(WatchEvent.Type.BOOKMARK, object));
  }

  private void deliverMatching(StoreEvent event, ApiService.Filter filter) {
    switch (event) {
      case StoreEvent.Put put -> {
        ObjectNode current = ApiService.decode(put.current());
        boolean now = filter.matches(current);
        boolean before = put.previous() != null && filter.matches(ApiService.decode(put.previous()));
        if (now && before) {
          handler.onEvent(new WatchEvent(WatchEvent.Type.MODIFIED, current));
        } else if (now) {
          handler.onEvent(new WatchEvent(WatchEvent.Type.ADDED, current));
        } else if (before) {
          handler.onEvent(new WatchEvent(WatchEvent.Type.DELETED, current));
        }
      }
      case StoreEvent.Delete delete -> {
        KeyValue last = delete.previous();
        ObjectNode object = ApiService.decode(new KeyValue(last.key(), last.value(), last.createRevision(), delete.revision()));
        if (filter.matches(object)) {
          handler.onEvent(new WatchEvent(WatchEvent.Type.DELETED, object));
        }
      }
      case StoreEvent.Failed failed -> finish(failed.cause() instanceof StoreException.Compacted c
          ? gone(failed.revision(), c.compactedRevision())
          : new ApiException(StatusReason.InternalError, "watch ended: " + failed.cause().getMessage()));
    }
  }

  private static ApiException gone(long requested, long compacted) {
    return new ApiException(StatusReason.Expired,
        "too old resource version: %d (%d)".formatted(requested, compacted));
  }

  private void finish(ApiException cause) {
    if (closed.compareAndSet(false, true)) {
      StoreWatch w = storeWatch.get();
      if (w != null) {
        w.close();
      }
      handler.onClose(cause);
    }
  }

  @Override
  public void close() {
    finish(null);
  }
}
