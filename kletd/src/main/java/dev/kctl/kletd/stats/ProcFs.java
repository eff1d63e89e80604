package dev.kctl.kletd.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads usage from Linux's {@code /proc} (any folder laid out like it, for tests).
 *
 * <p>A container is its process session: kletd starts every container through {@code setsid}, so
 * the container's pid is the session id of everything it runs. The session rather than the process
 * group, because a descendant may move to a group of its own (a shell running a job) but stays in
 * the session. A container's CPU is the sum over its session's processes of {@code utime + stime +
 * cutime + cstime} from {@code /proc/<pid>/stat}: counting the children's time that a process
 * collected when it reaped them keeps the sum from dropping when a short-lived child ends. Its
 * memory is the sum of {@code VmRSS} from {@code /proc/<pid>/status}.
 */
final class ProcFs {
  /**
   * Nanoseconds per clock tick of {@code /proc}'s CPU times. The kernel reports them in USER_HZ,
   * which is 100 on every architecture Linux user space sees (the JVM offers no sysconf to ask).
   */
  static final long NANOS_PER_TICK = 10_000_000L;

  private final Path proc;

  /** @param proc normally {@code /proc} */
  ProcFs(Path proc) {
    this.proc = proc;
  }

  /** One process as {@code /proc/<pid>/stat} describes it; {@code cpuTicks} includes reaped children. */
  record ProcessStat(long pid, long session, long cpuTicks) {}

  /**
   * The CPU and resident memory of the processes of each of {@code sessions}, by session id; a
   * session without processes is missing. Processes that end while being read are skipped.
   */
  Map<Long, Reading> sessions(Set<Long> sessions) {
    Map<Long, Reading> usage = new HashMap<>();
    if (sessions.isEmpty()) {
      return usage;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcFs::isPid)) {
      for (Path process : entries) {
        try {
          ProcessStat stat = parseStat(Files.readString(process.resolve("stat")));
          if (sessions.contains(stat.session())) {
            long rss = parseRssBytes(Files.readString(process.resolve("status")));
            usage.merge(stat.session(), new Reading(stat.cpuTicks() * NANOS_PER_TICK, rss), Reading::plus);
          }
        } catch (IOException | IllegalArgumentException e) {
          // The process ended between the listing and the read, or is a kernel oddity: nothing to count.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the processes in " + proc, e);
    }
    return usage;
  }

  /** The machine's CPU time and memory. */
  NodeReading node() {
    try {
      long cpuTicks = parseCpuTicks(Files.readString(proc.resolve("stat")));
      Map<String, Long> memory = parseMeminfo(Files.readString(proc.resolve("meminfo")));
      long total = memory.getOrDefault("MemTotal", 0L);
      long free = memory.getOrDefault("MemFree", 0L);
      // Kernels before 3.14 have no MemAvailable; free memory is the closest they offer.
      long available = memory.getOrDefault("MemAvailable", free);
      return new NodeReading(cpuTicks * NANOS_PER_TICK, total, available, free);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the machine's usage from " + proc, e);
    }
  }

  /**
   * Parses {@code /proc/<pid>/stat}: {@code pid (comm) state ppid pgrp session ... utime stime
   * cutime cstime ...}. The command name may hold spaces and parentheses, so fields are counted
   * from its last closing parenthesis.
   *
   * @throws IllegalArgumentException when the text is not in that form
   */
  static ProcessStat parseStat(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + text);
    }
    String[] fields = text.substring(close + 1).strip().split("\\s+");
    // fields[0] is field 3 (state) of proc(5); session is field 6, utime..cstime are fields 14..17.
    if (fields.length < 15) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line with too few fields: " + text);
    }
    long pid = Long.parseLong(text.substring(0, open).strip());
    long ticks = 0;
    for (int field = 14; field <= 17; field++) {
      ticks += Long.parseLong(fields[field - 3]);
    }
    return new ProcessStat(pid, Long.parseLong(fields[6 - 3]), ticks);
  }

  /** {@code VmRSS} of {@code /proc/<pid>/status} in bytes; 0 when absent (kernel threads, zombies). */
  static long parseRssBytes(String status) {
    for (String line : status.lines().toList()) {
      if (line.startsWith("VmRSS:")) {
        return kibibytes(line.substring("VmRSS:".length())) * 1024;
      }
    }
    return 0;
  }

  /**
   * The busy ticks of the {@code cpu} line of {@code /proc/stat} (all CPUs): user, nice, system,
   * irq, softirq and steal. Idle and iowait are not busy; guest time is already inside user and nice.
   */
  static long parseCpuTicks(String procStat) {
    for (String line : procStat.lines().toList()) {
      String[] fields = line.strip().split("\\s+");
      if (fields[0].equals("cpu")) {
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
          busy += i < fields.length ? Long.parseLong(fields[i]) : 0;
        }
        return busy;
      }
    }
    throw new IllegalArgumentException("/proc/stat has no cpu line");
  }

  /** The {@code /proc/meminfo} fields that are sizes, in bytes, by name. */
  static Map<String, Long> parseMeminfo(String text) {
    Map<String, Long> fields = new HashMap<>();
    for (String line : text.lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.endsWith("kB")) {
        fields.put(line.substring(0, colon), kibibytes(line.substring(colon + 1)) * 1024);
      }
    }
    return fields;
  }

  private static long kibibytes(String value) {
    return Long.parseLong(value.replace("kB", "").strip());
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
