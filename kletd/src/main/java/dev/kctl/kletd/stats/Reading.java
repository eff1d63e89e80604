package dev.kctl.kletd.stats;

/**
 * One measurement of a container or a machine.
 *
 * @param cpuNanos CPU time used since it started, in nanoseconds (cumulative; a rate needs two)
 * @param workingSetBytes memory in use that could not be reclaimed at once: resident memory, or a
 *     cgroup's usage minus its inactive file pages
 */
record Reading(long cpuNanos, long workingSetBytes) {
  static final Reading ZERO = new Reading(0, 0);

  Reading plus(Reading other) {
    return new Reading(cpuNanos + other.cpuNanos, workingSetBytes + other.workingSetBytes);
  }
}
