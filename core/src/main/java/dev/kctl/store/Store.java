package dev.kctl.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * An etcd-like MVCC key-value store: one global revision that only goes up; every write gets the
 * next revision, which becomes the written key's {@code modRevision} (the API server's
 * resourceVersion). A write returns only after it is durable.
 *
 * <p>Keys are strings such as {@code /registry/pods/default/web-1}; values are opaque bytes.
 */
public interface Store extends AutoCloseable {

  /** The revision of the last write, 0 for an empty store. */
  long revision();

  Optional<KeyValue> get(String key);

  /** Every key starting with {@code prefix}, in key order, and the revision they were read at. */
  Range range(String prefix);

  /**
   * Every key starting with {@code prefix} as it was at {@code revision}: a consistent snapshot,
   * as etcd's range at a revision, for paged and exact lists. A revision at or after the latest
   * one reads the latest state.
   *
   * @throws StoreException.Compacted when the history back to {@code revision} was compacted
   */
  Range range(String prefix, long revision);

  /**
   * Creates {@code key}.
   *
   * @throws StoreException.KeyExists when it already exists
   */
  KeyValue create(String key, byte[] value);

  /**
   * Replaces the value of {@code key} if its modRevision is {@code expectedModRevision}, or
   * unconditionally when that is 0.
   *
   * @throws StoreException.KeyNotFound when it does not exist
   * @throws StoreException.RevisionMismatch when it was modified since
   */
  KeyValue update(String key, byte[] value, long expectedModRevision);

  /**
   * Deletes {@code key} under the same precondition as {@link #update}; returns the last value,
   * whose {@code modRevision} is the revision of the deletion.
   */
  KeyValue delete(String key, long expectedModRevision);

  /**
   * Delivers every change to keys under {@code prefix} with a revision greater than
   * {@code afterRevision}, in revision order, on a thread of the store's, until closed. A slow
   * listener never blocks writers: it falls behind and catches up from the event history.
   *
   * @throws StoreException.Compacted when history after {@code afterRevision} is no longer kept
   */
  StoreWatch watch(String prefix, long afterRevision, Consumer<StoreEvent> listener);

  /**
   * Like {@link #watch(String, long, Consumer)}, and also reports progress as {@code progress}
   * describes: the revision the watch has handed on everything through, every interval, on the
   * watch's thread, so the API server can send watch BOOKMARK events.
   *
   * <p>The default ignores {@code progress}: a backend that cannot report progress sends no
   * notices, which Kubernetes allows (bookmarks are a hint clients must not rely on).
   *
   * @throws StoreException.Compacted when history after {@code afterRevision} is no longer kept
   */
  default StoreWatch watch(String prefix, long afterRevision, Consumer<StoreEvent> listener, WatchProgress progress) {
    return watch(prefix, afterRevision, listener);
  }

  /** The oldest revision a watch may still start after. */
  long compactedRevision();

  @Override
  void close();
}
