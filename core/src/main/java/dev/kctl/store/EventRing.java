package dev.kctl.store;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent events, indexed by revision: revision {@code r} lives in slot {@code r %
 * capacity} until revision {@code r + capacity} overwrites it. Every revision has exactly one
 * event, so a slot holding another revision means the wanted one was overwritten (or never added,
 * for history from before the store opened) and must be read from the event log.
 *
 * <p>One writer (the commit thread) and any number of lock-free readers. A reader only asks for
 * revisions that {@link RocksStore#revision()} has already published, and the writer adds events
 * before publishing, so a reader never sees a slot "not yet written" for a published revision.
 */
final class EventRing {
  private final AtomicReferenceArray<StoreEvent> slots;

  EventRing(int capacity) {
    slots = new AtomicReferenceArray<>(capacity);
  }

  void add(StoreEvent event) {
    slots.set(slot(event.revision()), event);
  }

  /** The event of {@code revision}, or null when the ring no longer (or never) held it. */
  StoreEvent get(long revision) {
    StoreEvent event = slots.get(slot(revision));
    return event != null && event.revision() == revision ? event : null;
  }

  private int slot(long revision) {
    return (int) Math.floorMod(revision, (long) slots.length());
  }
}
