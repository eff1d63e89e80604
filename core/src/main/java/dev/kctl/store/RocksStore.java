package dev.kctl.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on RocksDB, in one directory.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Every create, update and delete gets the next revision and is written as one atomic batch
 *       (new value, event-log entry, new revision) synced to the WAL before the call returns.
 *       Concurrent writes are group-committed: one fsync for all writes waiting at that moment.
 *   <li>{@link #get} and {@link #range} read an in-memory copy of the latest values, loaded at
 *       open; a range never shows half of a group of writes, and its revision is exactly what its
 *       items reflect.
 *   <li>A watch replays history from a ring of recent events in memory, then from the event log
 *       on disk, then follows new writes, each on its own virtual thread. The log keeps the last
 *       {@link StoreConfig#retainedRevisions()} revisions; older ones are compacted in the
 *       background and the compacted revision survives a restart.
 *   <li>A watch asked for {@link WatchProgress} reports, every interval and on its own thread
 *       between events, the revision through which it has handed on everything: what watch
 *       BOOKMARK events carry.
 *   <li>{@link #open} checks the folder first: a folder of other files, another program's RocksDB
 *       database, a damaged store or one of a newer format is refused with {@link
 *       StoreException.Unusable} and left unchanged, so an empty store never replaces old data.
 *       A new store is marked with its format version, checked at every open.
 *   <li>A {@link StoreEvent.Failed} event carries the last revision the watch handed on (or
 *       skipped as outside its prefix): a new watch after it misses nothing.
 *   <li>{@link #close()} commits writes already waiting, ends every watch with a {@link
 *       StoreEvent.Failed} of {@link StoreException.Unavailable}, flushes and closes RocksDB;
 *       later writes fail with Unavailable.
 * </ul>
 *
 * <p>Values larger than {@link #MAX_VALUE_BYTES} are refused with an {@link
 * IllegalArgumentException}. A written value is copied; the bytes of a returned {@link KeyValue}
 * are shared with the index and with watchers, so treat them as read-only. Keys compare as Java
 * strings ({@link String#compareTo}).
 */
public final class RocksStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(RocksStore.class);

  /** The largest value accepted: 1.5 MiB, like etcd's default request limit. */
  public static final int MAX_VALUE_BYTES = 3 * 512 * 1024;

  private final Path dir;
  private final Disk disk;
  private final LatestIndex index;
  private final EventRing ring;
  private final Compactor compactor;
  private final History history;
  private final GroupCommitter committer;
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RocksStore(Path dir, Disk disk, LatestIndex index, StoreConfig config) {
    this.dir = dir;
    this.disk = disk;
    this.index = index;
    this.ring = new EventRing(config.ringCapacity());
    this.compactor = new Compactor(disk, index::revision, disk.readCompactedRevision(), config);
    this.history = new History(ring, disk, compactor);
    this.committer = new GroupCommitter(disk, index, this::publish, config.maxWritesPerCommit());
  }

  /** Opens (or creates) the store in {@code dir} with {@link StoreConfig#defaults()}. */
  public static RocksStore open(Path dir) {
    return open(dir, StoreConfig.defaults());
  }

  /**
   * Opens the store in {@code dir}, or creates it when the folder is missing or empty. A folder
   * holding anything else (another program's files or database, a damaged store, a store of a
   * newer format) is refused and left unchanged: an empty store is never started over old data.
   *
   * @throws StoreException.Unusable when the folder holds something this store must not use; the
   *     message names the folder and what to do
   * @throws StoreException.Unavailable when it cannot be opened now (another process holds it,
   *     permissions, a failing disk)
   */
  public static RocksStore open(Path dir, StoreConfig config) {
    Objects.requireNonNull(config, "config");
    long started = System.nanoTime();
    Disk disk = Disk.open(dir);
    try {
      LatestIndex index = load(dir, disk);
      RocksStore store = new RocksStore(dir, disk, index, config);
      log.info("opened the store in {} (format {}) at revision {} with {} keys; history kept after revision {} ({} ms)",
          dir, disk.readFormat(), index.revision(), index.size(), store.compactedRevision(),
          (System.nanoTime() - started) / 1_000_000);
      store.compactor.wake();
      return store;
    } catch (RuntimeException e) {
      disk.close();
      throw e;
    }
  }

  /**
   * Loads the latest values and checks what every committed batch keeps true: no value and no log
   * entry is newer than the revision counter, and the entry of that revision is in the log unless
   * compacted (it never is: compaction keeps the newest revisions).
   */
  private static LatestIndex load(Path dir, Disk disk) {
    long revision = disk.readRevision();
    LatestIndex index = new LatestIndex(revision);
    long[] newest = {0};
    try {
      disk.loadAll(kv -> {
        newest[0] = Math.max(newest[0], kv.modRevision());
        index.load(kv);
      });
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw FormatCheck.damaged(dir, "a stored value cannot be decoded (" + e + ")", e);
    }
    long logged = disk.lastLoggedRevision();
    long compacted = disk.readCompactedRevision();
    if (newest[0] > revision || logged > revision) {
      throw FormatCheck.damaged(dir, "the revision counter says %d, but it holds a value at revision %d and a log entry at %d"
          .formatted(revision, newest[0], logged), null);
    }
    if (revision > compacted && logged != revision) {
      throw FormatCheck.damaged(dir, "the revision counter says %d, but the event log ends at %d"
          .formatted(revision, logged), null);
    }
    return index;
  }

  @Override
  public long revision() {
    return index.revision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return Optional.ofNullable(index.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public Range range(String prefix) {
    return index.range(Objects.requireNonNull(prefix, "prefix"));
  }

  /** The latest range with the changes after {@code revision} undone, newest first. */
  @Override
  public Range range(String prefix, long revision) {
    Range latest = range(prefix);
    if (revision >= latest.revision()) {
      return latest;
    }
    long compacted = compactor.compactedRevision();
    if (revision < compacted) {
      throw new StoreException.Compacted(revision, compacted);
    }
    List<StoreEvent> newer = new ArrayList<>();
    for (long from = revision + 1; from <= latest.revision(); ) {
      List<StoreEvent> chunk = history.read(from, latest.revision());
      chunk.stream().filter(event -> key(event).startsWith(prefix)).forEach(newer::add);
      from = chunk.getLast().revision() + 1;
    }
    SortedMap<String, KeyValue> state = new TreeMap<>();
    latest.items().forEach(kv -> state.put(kv.key(), kv));
    for (StoreEvent event : newer.reversed()) {
      switch (event) {
        case StoreEvent.Put put when put.previous() == null -> state.remove(put.current().key());
        case StoreEvent.Put put -> state.put(put.previous().key(), put.previous());
        case StoreEvent.Delete delete -> {
          KeyValue last = delete.previous();
          state.put(last.key(), new KeyValue(last.key(), last.value(), last.createRevision(), delete.lastModRevision()));
        }
        case StoreEvent.Failed failed -> throw failed.cause();
      }
    }
    return new Range(List.copyOf(state.values()), revision);
  }

  private static String key(StoreEvent event) {
    return switch (event) {
      case StoreEvent.Put put -> put.current().key();
      case StoreEvent.Delete delete -> delete.previous().key();
      case StoreEvent.Failed failed -> "";
    };
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    return committer.submit(new GroupCommitter.Create(requireKey(key), checkedValue(key, value)));
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    return committer.submit(new GroupCommitter.Update(requireKey(key), checkedValue(key, value), expectedModRevision));
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    return committer.submit(new GroupCommitter.Delete(requireKey(key), expectedModRevision));
  }

  @Override
  public StoreWatch watch(String prefix, long afterRevision, Consumer<StoreEvent> listener) {
    return startWatch(prefix, afterRevision, listener, null);
  }

  @Override
  public StoreWatch watch(String prefix, long afterRevision, Consumer<StoreEvent> listener, WatchProgress progress) {
    return startWatch(prefix, afterRevision, listener, Objects.requireNonNull(progress, "progress"));
  }

  private StoreWatch startWatch(String prefix, long afterRevision, Consumer<StoreEvent> listener, WatchProgress progress) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    if (afterRevision < 0) {
      throw new IllegalArgumentException("afterRevision must be >= 0, got " + afterRevision + " (watch of prefix " + prefix + ")");
    }
    if (closed) {
      throw new StoreException.Unavailable("the store in " + dir + " is closed; cannot watch prefix " + prefix, null);
    }
    long compacted = compactor.compactedRevision();
    if (afterRevision < compacted) {
      throw new StoreException.Compacted(afterRevision, compacted);
    }
    Watcher watcher = new Watcher(prefix, afterRevision, listener, progress, history, index::revision, watchers::remove);
    watchers.add(watcher);
    watcher.start();
    // close() may have swept the watchers just before this one was added; it sets `closed` first.
    if (closed) {
      watcher.storeClosed();
    }
    return watcher;
  }

  @Override
  public long compactedRevision() {
    return compactor.compactedRevision();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    committer.close();
    compactor.close();
    watchers.forEach(Watcher::storeClosed);
    disk.close();
    log.info("closed the store in {} at revision {}", dir, revision());
  }

  /** Runs on the commit thread once a group is durable; the order makes each step's readers safe. */
  private void publish(List<StoreEvent> events) {
    // Ring before revision: a watcher only asks for published revisions and must find them.
    events.forEach(ring::add);
    index.apply(events);
    watchers.forEach(Watcher::wake);
    compactor.wake();
  }

  private static String requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a store key must not be empty, got " + (key == null ? "null" : "\"\""));
    }
    return key;
  }

  private static byte[] checkedValue(String key, byte[] value) {
    Objects.requireNonNull(value, () -> "value of key " + key);
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value of key %s is %d bytes; the store accepts at most %d bytes (1.5 MiB)"
          .formatted(key, value.length, MAX_VALUE_BYTES));
    }
    return value.clone();
  }
}
