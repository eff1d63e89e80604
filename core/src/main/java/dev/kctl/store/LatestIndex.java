package dev.kctl.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The latest value of every key, in memory and in key order, and the revision they reflect.
 *
 * <p>Only the commit thread changes it, one whole committed batch at a time. A {@link #get} is
 * lock-free; a {@link #range} takes the read lock so it never sees half of a batch and reports
 * exactly the revision its items reflect.
 */
final class LatestIndex {
  private final ConcurrentSkipListMap<String, KeyValue> values = new ConcurrentSkipListMap<>();
  /** Write side: applying a batch and moving {@link #revision}; read side: {@link #range}. */
  private final ReadWriteLock batchLock = new ReentrantReadWriteLock();
  private volatile long revision;

  LatestIndex(long revision) {
    this.revision = revision;
  }

  /** Adds a value read from disk at open, before anyone else sees the index. */
  void load(KeyValue kv) {
    values.put(kv.key(), kv);
  }

  int size() {
    return values.size();
  }

  long revision() {
    return revision;
  }

  KeyValue get(String key) {
    return values.get(key);
  }

  Range range(String prefix) {
    batchLock.readLock().lock();
    try {
      List<KeyValue> items = new ArrayList<>();
      // tailMap + startsWith rather than an upper bound: no character is safe to append as one.
      for (Map.Entry<String, KeyValue> entry : values.tailMap(prefix, true).entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        items.add(entry.getValue());
      }
      return new Range(items, revision);
    } finally {
      batchLock.readLock().unlock();
    }
  }

  /** Applies a committed batch of consecutive events and moves the revision to the last one. */
  void apply(List<StoreEvent> events) {
    batchLock.writeLock().lock();
    try {
      for (StoreEvent event : events) {
        switch (event) {
          case StoreEvent.Put put -> values.put(put.current().key(), put.current());
          case StoreEvent.Delete delete -> values.remove(delete.previous().key());
          case StoreEvent.Failed failed -> throw new IllegalArgumentException("cannot apply " + failed);
        }
      }
      revision = events.getLast().revision();
    } finally {
      batchLock.writeLock().unlock();
    }
  }
}
