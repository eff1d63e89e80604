package dev.kctl.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database behind a {@link RocksStore}: latest values, the event log and the two
 * counters (revision, compacted revision) with the format marker, each in its own column family
 * (layout in {@link Encoding}). Everything RocksDB-specific stays in this class and in {@link
 * FormatCheck}, which vets a folder before it is opened.
 *
 * <p>Thread-safe. Every operation fails with {@link StoreException.Unavailable} once {@link
 * #close()} has started, instead of touching freed native handles (which would crash the JVM).
 */
final class Disk implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle kv;
  private final ColumnFamilyHandle log;
  private final ColumnFamilyHandle meta;
  private final WriteOptions synced = new WriteOptions().setSync(true);
  private final WriteOptions unsynced = new WriteOptions();
  /** Read side: any use of the native handles; write side: close. Guards {@link #closed}. */
  private final ReadWriteLock useLock = new ReentrantReadWriteLock();
  private boolean closed;

  private Disk(Path dir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db, List<ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.db = db;
    this.handles = handles;
    this.kv = handles.get(1);
    this.log = handles.get(2);
    this.meta = handles.get(3);
  }

  /**
   * Opens the store in {@code dir}, creating it when the folder holds nothing yet, after checking
   * that what it holds is a kctl store of a format this code reads ({@link StoreFolder}, {@link
   * FormatCheck}).
   *
   * @throws StoreException.Unusable when the folder holds something else; it is left unchanged
   * @throws StoreException.Unavailable when it cannot be opened now (in use, permissions, disk)
   */
  static Disk open(Path dir) {
    boolean fresh = StoreFolder.isNew(dir);
    if (fresh) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new StoreException.Unavailable("cannot create the store folder " + dir + ": " + e.getMessage(), e);
      }
    }
    FormatCheck.Verdict verdict = fresh ? FormatCheck.Verdict.FINISH_CREATION : FormatCheck.inspect(dir);
    DBOptions dbOptions = new DBOptions()
        .setCreateIfMissing(fresh)
        .setCreateMissingColumnFamilies(verdict == FormatCheck.Verdict.FINISH_CREATION);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> families = FormatCheck.FAMILIES.stream()
        .map(name -> new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions))
        .toList();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    Disk disk;
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), families, handles);
      disk = new Disk(dir, dbOptions, cfOptions, db, List.copyOf(handles));
    } catch (RocksDBException e) {
      cfOptions.close();
      dbOptions.close();
      throw openFailure(dir, e);
    }
    if (verdict != FormatCheck.Verdict.READY) {
      try {
        disk.writeFormat();
      } catch (RuntimeException e) {
        disk.close();
        throw e;
      }
    }
    return disk;
  }

  private static StoreException openFailure(Path dir, RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("lock")) {
      return new StoreException.Unavailable(
          "cannot open the store in " + dir + ": another process (kctld?) is using it: " + message, e);
    }
    return FormatCheck.readFailure(dir, e);
  }

  /** The format marker, synced: written once, at creation or when adopting an unmarked store. */
  private void writeFormat() {
    use(() -> {
      db.put(meta, synced, Encoding.FORMAT_KEY, Encoding.longBytes(FormatCheck.VERSION));
      return null;
    });
  }

  long readFormat() {
    return readCounter(Encoding.FORMAT_KEY);
  }

  /** The revision of the newest event-log entry, 0 when the log is empty. */
  long lastLoggedRevision() {
    return use(() -> {
      try (RocksIterator it = db.newIterator(log)) {
        it.seekToLast();
        long last = it.isValid() ? Encoding.readLong(it.key()) : 0L;
        it.status();
        return last;
      }
    });
  }

  long readRevision() {
    return readCounter(Encoding.REVISION_KEY);
  }

  long readCompactedRevision() {
    return readCounter(Encoding.COMPACTED_KEY);
  }

  /** Hands every stored key's latest value to {@code sink}, in key order. */
  void loadAll(Consumer<KeyValue> sink) {
    use(() -> {
      try (RocksIterator it = db.newIterator(kv)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          sink.accept(Encoding.decodeValue(it.key(), it.value()));
        }
        it.status();
      }
      return null;
    });
  }

  /**
   * Writes {@code events} (consecutive revisions ending at {@code revision}) as one atomic batch:
   * each key's new value or its deletion, each log entry, and the new revision; returns once the
   * WAL is fsync'd.
   */
  void commit(List<StoreEvent> events, long revision) {
    use(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (StoreEvent event : events) {
          switch (event) {
            case StoreEvent.Put put ->
                batch.put(kv, Encoding.keyBytes(put.current().key()), Encoding.encodeValue(put.current()));
            case StoreEvent.Delete delete -> batch.delete(kv, Encoding.keyBytes(delete.previous().key()));
            case StoreEvent.Failed failed -> throw new IllegalArgumentException("cannot commit " + failed);
          }
          batch.put(log, Encoding.longBytes(event.revision()), Encoding.encodeEvent(event));
        }
        batch.put(meta, Encoding.REVISION_KEY, Encoding.longBytes(revision));
        db.write(synced, batch);
      }
      return null;
    });
  }

  /**
   * Reads up to {@code limit} consecutive log entries from revision {@code from} through {@code
   * to}; empty when {@code from} is no longer in the log (compacted).
   */
  List<StoreEvent> readLog(long from, long to, int limit) {
    return use(() -> {
      List<StoreEvent> events = new ArrayList<>();
      try (RocksIterator it = db.newIterator(log)) {
        long expected = from;
        for (it.seek(Encoding.longBytes(from)); it.isValid() && expected <= to && events.size() < limit; it.next()) {
          long revision = Encoding.readLong(it.key());
          if (revision != expected) {
            break;
          }
          events.add(Encoding.decodeEvent(revision, it.value()));
          expected++;
        }
        it.status();
      }
      return events;
    });
  }

  /** Deletes the log entries after {@code from} through {@code to} and records {@code to} as compacted. */
  void compact(long from, long to) {
    use(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        batch.deleteRange(log, Encoding.longBytes(from + 1), Encoding.longBytes(to + 1));
        batch.put(meta, Encoding.COMPACTED_KEY, Encoding.longBytes(to));
        // Unsynced: if a crash loses this batch, it loses the deletion and the marker together.
        db.write(unsynced, batch);
      }
      return null;
    });
  }

  /** Flushes the memtables to SST files and frees every native handle; later calls fail. */
  @Override
  public void close() {
    useLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, handles);
      } catch (RocksDBException e) {
        throw new StoreException.Unavailable("cannot flush the store in " + dir + ": " + e.getMessage(), e);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
        try {
          db.closeE();
        } catch (RocksDBException e) {
          throw new StoreException.Unavailable("cannot close the store in " + dir + ": " + e.getMessage(), e);
        } finally {
          synced.close();
          unsynced.close();
          cfOptions.close();
          dbOptions.close();
        }
      }
    } finally {
      useLock.writeLock().unlock();
    }
  }

  private long readCounter(byte[] name) {
    return use(() -> {
      byte[] stored = db.get(meta, name);
      return stored == null ? 0L : Encoding.readLong(stored);
    });
  }

  private interface DiskAction<T> {
    T run() throws RocksDBException;
  }

  private <T> T use(DiskAction<T> action) {
    useLock.readLock().lock();
    try {
      if (closed) {
        throw new StoreException.Unavailable("the store in " + dir + " is closed", null);
      }
      return action.run();
    } catch (RocksDBException e) {
      throw new StoreException.Unavailable("store I/O failed in " + dir + ": " + e.getMessage(), e);
    } finally {
      useLock.readLock().unlock();
    }
  }
}
