package dev.kctl.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The events watchers replay: the in-memory ring for recent revisions, the on-disk event log for
 * older ones. Reads are bounded chunks, so a watcher far behind never holds much in memory.
 */
final class History {
  /** Events handed to a watcher per read at most. */
  static final int CHUNK = 1_000;

  private final EventRing ring;
  private final Disk disk;
  private final Compactor compactor;

  History(EventRing ring, Disk disk, Compactor compactor) {
    this.ring = ring;
    this.disk = disk;
    this.compactor = compactor;
  }

  /**
   * The next consecutive events from revision {@code from} (at least one, at most {@link #CHUNK}),
   * none after {@code to}, which must be a published revision.
   *
   * @throws StoreException.Compacted when {@code from} was compacted
   */
  List<StoreEvent> read(long from, long to) {
    List<StoreEvent> events = new ArrayList<>();
    for (long r = from; r <= to && events.size() < CHUNK; r++) {
      StoreEvent event = ring.get(r);
      if (event == null) {
        break;
      }
      events.add(event);
    }
    if (!events.isEmpty()) {
      return events;
    }
    if (from <= compactor.compactedRevision()) {
      throw new StoreException.Compacted(from - 1, compactor.compactedRevision());
    }
    events = disk.readLog(from, to, CHUNK);
    if (events.isEmpty()) {
      // Compaction removed it between the check above and the read.
      throw new StoreException.Compacted(from - 1, compactor.compactedRevision());
    }
    return events;
  }
}
