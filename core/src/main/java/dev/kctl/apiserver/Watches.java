package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.store.KeyValue;
import dev.kctl.store.Store;
import dev.kctl.store.StoreEvent;
import dev.kctl.store.StoreException;
import dev.kctl.store.StoreWatch;
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
  private final WatchHandler handler;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<StoreWatch> storeWatch = new AtomicReference<>();
  /** The newest revision this watch has seen, delivered to the client or filtered out. */
  private final java.util.concurrent.atomic.AtomicLong seen;

  private Watches(WatchHandler handler, long afterRevision) {
    this.handler = handler;
    this.seen = new java.util.concurrent.atomic.AtomicLong(afterRevision);
  }

  /** The revision a BOOKMARK may name: everything up to it has been sent or did not match. */
  long seenRevision() {
    return seen.get();
  }

  /** Sends {@code initial} as ADDED events, then every change after {@code afterRevision}. */
  static Watches start(Store store, String prefix, long afterRevision, ApiService.Filter filter,
      WatchHandler handler, List<ObjectNode> initial) {
    Watches watch = new Watches(handler, afterRevision);
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
        StoreWatch w = store.watch(prefix, afterRevision, event -> watch.deliver(event, filter));
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
    seen.set(event.revision());
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
