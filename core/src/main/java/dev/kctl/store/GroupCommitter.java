package dev.kctl.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes all writes on one thread and group-commits them: the thread takes every write waiting
 * (up to a bound), checks each precondition in order against the latest state including the
 * earlier writes of the same group, gives each accepted write the next revision, and makes the
 * group durable with one synced RocksDB batch. Only then does it publish the events and answer the
 * callers, so a caller never learns of a write, or of a rejection, that a crash could undo.
 *
 * <p>Example: pending {@code create a}, {@code create a}, {@code update b} (b missing) at revision
 * 7 gives one batch with revision 8 (the first create); the second create fails with KeyExists and
 * the update with KeyNotFound; the store is at revision 8 after one fsync.
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** A write waiting for its turn. */
  sealed interface Write {
    String key();
  }

  record Create(String key, byte[] value) implements Write {}

  record Update(String key, byte[] value, long expectedModRevision) implements Write {}

  record Delete(String key, long expectedModRevision) implements Write {}

  private record Pending(Write write, CompletableFuture<KeyValue> result) {}

  /** Queued last by {@link #close()}: the thread commits what came before it, then ends. */
  private static final Pending STOP = new Pending(null, null);

  private final Disk disk;
  private final LatestIndex index;
  private final Consumer<List<StoreEvent>> publish;
  private final int maxWritesPerCommit;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /**
   * Read side: enqueueing a write; write side: closing. Guards {@link #closed}, so that no write can
   * be queued after {@link #STOP} and wait forever.
   */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;
  private final Thread thread;

  GroupCommitter(Disk disk, LatestIndex index, Consumer<List<StoreEvent>> publish, int maxWritesPerCommit) {
    this.disk = disk;
    this.index = index;
    this.publish = publish;
    this.maxWritesPerCommit = maxWritesPerCommit;
    // A platform thread: it spends its time in RocksDB's native code, which would pin a carrier.
    this.thread = Thread.ofPlatform().name("kctl-store-commit").daemon().start(this::run);
  }

  /**
   * Waits until {@code write} is durable and returns its result: the new value, or for a delete
   * the last value at the deletion's revision.
   */
  KeyValue submit(Write write) {
    CompletableFuture<KeyValue> result = new CompletableFuture<>();
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException.Unavailable("the store is closed; cannot write key " + write.key(), null);
      }
      queue.add(new Pending(write, result));
    } finally {
      lifecycle.readLock().unlock();
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Commits the writes already queued, then stops; later writes fail with Unavailable. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    } finally {
      lifecycle.writeLock().unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      // The disk refuses use once closed, so a commit still running then fails cleanly.
      Thread.currentThread().interrupt();
      log.warn("interrupted while waiting for the store's last commits; closing anyway");
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        // STOP, not an interrupt, ends this thread: stopping here would leave writers waiting forever.
        log.warn("store commit thread interrupted; ignoring it, close() stops the thread");
        continue;
      }
      queue.drainTo(group, maxWritesPerCommit - 1);
      // STOP is queued after every other write, so it can only be last.
      boolean stop = group.getLast() == STOP;
      if (stop) {
        group.removeLast();
      }
      if (!group.isEmpty()) {
        try {
          commit(group);
        } catch (RuntimeException e) {
          // A bug, not a disk failure (commit handles those): answer the writers, keep the thread.
          log.error("store commit of {} writes failed unexpectedly", group.size(), e);
          StoreException failure = new StoreException.Unavailable("store commit failed: " + e, e);
          group.forEach(pending -> pending.result().completeExceptionally(failure));
        }
      }
      group.clear();
      if (stop) {
        return;
      }
    }
  }

  private void commit(List<Pending> group) {
    long revision = index.revision();
    // What earlier writes of this group did to a key: its new value, or null once deleted.
    Map<String, KeyValue> written = new HashMap<>();
    List<StoreEvent> events = new ArrayList<>();
    List<Pending> accepted = new ArrayList<>();
    List<Runnable> rejections = new ArrayList<>();
    for (Pending pending : group) {
      String key = pending.write().key();
      KeyValue current = written.containsKey(key) ? written.get(key) : index.get(key);
      try {
        StoreEvent event = apply(pending.write(), current, revision + 1);
        revision++;
        written.put(key, event instanceof StoreEvent.Put put ? put.current() : null);
        events.add(event);
        accepted.add(pending);
      } catch (StoreException e) {
        rejections.add(() -> pending.result().completeExceptionally(e));
      }
    }
    if (!events.isEmpty()) {
      try {
        disk.commit(events, revision);
      } catch (RuntimeException e) {
        // Rejections were judged against writes that are now lost, so they fail too.
        log.error("cannot commit {} writes at revisions {}..{}; they fail with Unavailable",
            events.size(), revision - events.size() + 1, revision, e);
        StoreException failure = e instanceof StoreException.Unavailable u
            ? u : new StoreException.Unavailable("store commit failed: " + e.getMessage(), e);
        group.forEach(pending -> pending.result().completeExceptionally(failure));
        return;
      }
      log.debug("committed {} writes through revision {} with one fsync", events.size(), revision);
      publish.accept(events);
    }
    for (int i = 0; i < accepted.size(); i++) {
      accepted.get(i).result().complete(result(events.get(i)));
    }
    rejections.forEach(Runnable::run);
  }

  private static StoreEvent apply(Write write, KeyValue current, long revision) {
    return switch (write) {
      case Create(String key, byte[] value) -> {
        if (current != null) {
          throw new StoreException.KeyExists(key);
        }
        yield new StoreEvent.Put(revision, new KeyValue(key, value, revision, revision), null);
      }
      case Update(String key, byte[] value, long expected) -> {
        requireRevision(key, current, expected);
        yield new StoreEvent.Put(revision, new KeyValue(key, value, current.createRevision(), revision), current);
      }
      case Delete(String key, long expected) -> {
        requireRevision(key, current, expected);
        yield new StoreEvent.Delete(revision, new KeyValue(key, current.value(), current.createRevision(), revision),
            current.modRevision());
      }
    };
  }

  private static void requireRevision(String key, KeyValue current, long expected) {
    if (current == null) {
      throw new StoreException.KeyNotFound(key);
    }
    if (expected != 0 && current.modRevision() != expected) {
      throw new StoreException.RevisionMismatch(key, expected, current.modRevision());
    }
  }

  private static KeyValue result(StoreEvent event) {
    return switch (event) {
      case StoreEvent.Put put -> put.current();
      case StoreEvent.Delete delete -> delete.previous();
      case StoreEvent.Failed failed -> throw new IllegalStateException("a write never yields " + failed);
    };
  }
}
