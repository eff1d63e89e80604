package dev.kctl.kletd.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a container's usage from its own cgroup folders, where kletd made them: more exact than
 * its processes' figures, since a cgroup also counts what processes that already ended used and
 * the kernel memory charged to it. Each figure is taken from whichever folder has its file:
 *
 * <ul>
 *   <li>CPU: {@code cpuacct.usage} (v1, nanoseconds; only where cpuacct is mounted with cpu) or
 *       the {@code usage_usec} line of {@code cpu.stat} (v2);
 *   <li>memory, the working set as the kubelet computes it: {@code memory.usage_in_bytes} less
 *       {@code total_inactive_file} of {@code memory.stat} (v1), or {@code memory.current} less
 *       {@code inactive_file} (v2).
 * </ul>
 */
final class CgroupUsage {
  private CgroupUsage() {}

  /** Cumulative CPU in nanoseconds; empty when no folder accounts for CPU. */
  static OptionalLong cpuNanos(List<Path> folders) {
    for (Path folder : folders) {
      OptionalLong v1 = number(folder.resolve("cpuacct.usage"));
      if (v1.isPresent()) {
        return v1;
      }
      OptionalLong v2 = statField(folder.resolve("cpu.stat"), "usage_usec");
      if (v2.isPresent()) {
        return OptionalLong.of(v2.getAsLong() * 1000);
      }
    }
    return OptionalLong.empty();
  }

  /** The working set in bytes; empty when no folder accounts for memory. */
  static OptionalLong workingSetBytes(List<Path> folders) {
    for (Path folder : folders) {
      OptionalLong v1 = number(folder.resolve("memory.usage_in_bytes"));
      if (v1.isPresent()) {
        long inactive = statField(folder.resolve("memory.stat"), "total_inactive_file").orElse(0);
        return OptionalLong.of(Math.max(0, v1.getAsLong() - inactive));
      }
      OptionalLong v2 = number(folder.resolve("memory.current"));
      if (v2.isPresent()) {
        long inactive = statField(folder.resolve("memory.stat"), "inactive_file").orElse(0);
        return OptionalLong.of(Math.max(0, v2.getAsLong() - inactive));
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong number(Path file) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The value of the {@code key value} line of a flat-keyed cgroup file. */
  private static OptionalLong statField(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2 && parts[0].equals(key)) {
          return OptionalLong.of(Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no such file here: another folder may have it
    }
    return OptionalLong.empty();
  }
}
