package dev.kctl.store;

/** A change delivered to a watch. */
public sealed interface StoreEvent {
  long revision();

  /** {@code key} was created ({@code previous} null) or updated. */
  record Put(long revision, KeyValue current, KeyValue previous) implements StoreEvent {}

  /**
   * {@code key} was deleted; {@code previous} is its last value, stamped with the delete's
   * revision as watchers see it, and {@code lastModRevision} the revision that last wrote that
   * value (the delete's own revision in log entries written before it was recorded).
   */
  record Delete(long revision, KeyValue previous, long lastModRevision) implements StoreEvent {}

  /**
   * The watch cannot go on (closed store, a listener that fell behind further than the kept
   * history); it is the last event the listener gets.
   */
  record Failed(long revision, StoreException cause) implements StoreEvent {}
}
