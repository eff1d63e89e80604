package dev.kctl.store;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the event log to the last {@code retainedRevisions} revisions. Woken after commits, it
 * deletes older entries in steps of at most {@code batchSize} revisions, each step one RocksDB
 * batch that also records the new compacted revision, so compaction resumes where it stopped
 * after a crash or restart.
 *
 * <p>The compacted revision is raised in memory before the entries go: a watcher that finds an
 * entry missing then always sees why.
 */
final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private final Disk disk;
  private final LongSupplier revision;
  private final long retainedRevisions;
  private final int batchSize;
  private volatile long compactedRevision;
  private volatile boolean closed;
  private final Thread thread;

  Compactor(Disk disk, LongSupplier revision, long compactedRevision, StoreConfig config) {
    this.disk = disk;
    this.revision = revision;
    this.compactedRevision = compactedRevision;
    this.retainedRevisions = config.retainedRevisions();
    this.batchSize = config.compactionBatchSize();
    // A platform thread: its work is RocksDB native calls, which would pin a virtual thread's carrier.
    this.thread = Thread.ofPlatform().name("kctl-store-compactor").daemon().start(this::run);
  }

  long compactedRevision() {
    return compactedRevision;
  }

  /** Called after each commit; cheap when there is nothing to compact. */
  void wake() {
    if (revision.getAsLong() - compactedRevision > retainedRevisions) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while waiting for store compaction to stop; closing anyway");
    }
  }

  private void run() {
    while (!closed) {
      long target = revision.getAsLong() - retainedRevisions;
      long from = compactedRevision;
      if (from >= target) {
        LockSupport.park(this);
        continue;
      }
      long to = Math.min(target, from + batchSize);
      compactedRevision = to;
      try {
        disk.compact(from, to);
        log.debug("compacted the store's event log through revision {}", to);
      } catch (StoreException.Unavailable e) {
        if (!closed) {
          // Memory stays ahead of disk: watches older than `to` are refused though still on disk.
          log.warn("cannot compact the store's event log through revision {}; retrying after the next write", to, e);
          LockSupport.park(this);
        }
      }
    }
  }
}
