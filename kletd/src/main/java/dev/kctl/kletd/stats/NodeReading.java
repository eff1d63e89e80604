package dev.kctl.kletd.stats;

/**
 * One measurement of the whole machine, from {@code /proc/stat} and {@code /proc/meminfo}.
 *
 * @param cpuNanos CPU time spent on anything but idling and waiting for I/O, summed over all CPUs
 *     since boot
 * @param memoryTotal {@code MemTotal}
 * @param memoryAvailable {@code MemAvailable}: what could be given to new work without swapping
 * @param memoryFree {@code MemFree}: not used at all, not even as cache
 */
record NodeReading(long cpuNanos, long memoryTotal, long memoryAvailable, long memoryFree) {
  static final NodeReading ZERO = new NodeReading(0, 0, 0, 0);

  /** In use and not reclaimable at once, the figure {@code kubectl top node} shows. */
  long workingSetBytes() {
    return Math.max(0, memoryTotal - memoryAvailable);
  }

  /** In use, page cache included. */
  long usageBytes() {
    return Math.max(0, memoryTotal - memoryFree);
  }
}
