package dev.kctl.store;

/**
 * Tuning knobs of a {@link RocksStore}; {@link #defaults()} suits a control plane of a few thousand
 * objects.
 *
 * @param ringCapacity events kept in memory for watchers; a watcher further behind reads the
 *     on-disk event log instead. Default 10_000.
 * @param retainedRevisions revisions of history the event log keeps; older entries are compacted
 *     in the background, and a watch from before them fails with {@link StoreException.Compacted}.
 *     Default 100_000.
 * @param compactionBatchSize log entries deleted per compaction step, so compaction never holds
 *     up RocksDB with one huge deletion. Default 10_000.
 * @param maxWritesPerCommit writes group-committed together in one synced batch at most.
 *     Default 1_000.
 */
public record StoreConfig(int ringCapacity, long retainedRevisions, int compactionBatchSize, int maxWritesPerCommit) {

  public StoreConfig {
    requirePositive("ringCapacity", ringCapacity);
    requirePositive("retainedRevisions", retainedRevisions);
    requirePositive("compactionBatchSize", compactionBatchSize);
    requirePositive("maxWritesPerCommit", maxWritesPerCommit);
  }

  public static StoreConfig defaults() {
    return new StoreConfig(10_000, 100_000, 10_000, 1_000);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("StoreConfig." + name + " must be positive, got " + value);
    }
  }
}
