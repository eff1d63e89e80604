package dev.kctl.kletd.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One cgroup per container, under a {@code kctl} folder inside kletd's own cgroup (so containers
 * stay within whatever limits kletd itself runs under), with the container's limits written in:
 *
 * <ul>
 *   <li>v2 (unified hierarchy, {@code cgroup.controllers} at the root): {@code memory.max},
 *       {@code memory.swap.max = 0}, {@code cpu.max = "<quota> 100000"}, {@code cpu.weight};
 *   <li>v1: {@code memory.limit_in_bytes} (and {@code memory.memsw.limit_in_bytes} where swap is
 *       accounted) in the memory hierarchy, {@code cpu.cfs_period_us = 100000},
 *       {@code cpu.cfs_quota_us} and {@code cpu.shares} in the cpu hierarchy.
 * </ul>
 *
 * The quota is {@code millicores * 100} µs per 100 ms period, at least 1 ms, as the kubelet
 * computes it. Which of these a node has is found once by {@link #detect}; {@link Unavailable}
 * says why there are none.
 */
public sealed interface Cgroups {
  long CPU_PERIOD_US = 100_000;

  /** cgroup v1: the {@code kctl} parent folders in the memory and cpu hierarchies. */
  record V1(Path memoryParent, Path cpuParent) implements Cgroups {}

  /** cgroup v2: the {@code kctl} parent folder, with the cpu and memory controllers enabled below it. */
  record V2(Path parent) implements Cgroups {}

  /** No cgroups can be made here; {@code reason} says why, for the Warning event. */
  record Unavailable(String reason) implements Cgroups {}

  /**
   * Finds the cgroups this node can make and creates the {@code kctl} parent folders.
   *
   * @param root where the cgroup file systems are mounted, normally {@code /sys/fs/cgroup}
   * @param selfCgroup the {@code /proc/self/cgroup} text of kletd
   */
  static Cgroups detect(Path root, String selfCgroup) {
    try {
      if (Files.exists(root.resolve("cgroup.controllers"))) {
        String controllers = Files.readString(root.resolve("cgroup.controllers"));
        if (!controllers.contains("memory") || !controllers.contains("cpu")) {
          return new Unavailable("the cgroup v2 hierarchy at " + root + " lacks the cpu or memory controller");
        }
        Path own = under(root, ownPath(selfCgroup, ""));
        Path parent = own.resolve("kctl");
        Files.createDirectories(parent);
        // Controllers must be enabled in each ancestor's subtree_control to reach the containers' cgroups.
        write(own.resolve("cgroup.subtree_control"), "+cpu +memory");
        write(parent.resolve("cgroup.subtree_control"), "+cpu +memory");
        removeEmpty(parent);
        return new V2(parent);
      }
      Path memory = root.resolve("memory");
      Path cpu = Files.isDirectory(root.resolve("cpu")) ? root.resolve("cpu") : root.resolve("cpu,cpuacct");
      if (!Files.isDirectory(memory) || !Files.isDirectory(cpu)) {
        return new Unavailable("neither cgroup v2 (" + root.resolve("cgroup.controllers") + ") nor the v1 memory"
            + " and cpu hierarchies (" + memory + ", " + cpu + ") are mounted");
      }
      Path memoryParent = under(memory, ownPath(selfCgroup, "memory")).resolve("kctl");
      Path cpuParent = under(cpu, ownPath(selfCgroup, "cpu")).resolve("kctl");
      Files.createDirectories(memoryParent);
      Files.createDirectories(cpuParent);
      removeEmpty(memoryParent);
      removeEmpty(cpuParent);
      return new V1(memoryParent, cpuParent);
    } catch (IOException | UncheckedIOException e) {
      return new Unavailable("cannot create kletd's cgroups under " + root + ": " + e.getMessage()
          + " (kletd needs root and writable cgroups)");
    }
  }

  /**
   * Creates the cgroup of container {@code id} with {@code limits}.
   *
   * @return the {@code cgroup.procs} files the process must write its pid to, to join it
   */
  default List<Path> create(String id, ResourceLimits limits) throws IOException {
    List<Path> procs = new ArrayList<>();
    switch (this) {
      case V1 v1 -> {
        Path memory = v1.memoryParent().resolve(id);
        Files.createDirectories(memory);
        if (limits.memoryBytes() > 0) {
          write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
          if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
            // Without this the process would swap rather than meet its limit.
            write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
          }
        }
        Path cpu = v1.cpuParent().resolve(id);
        Files.createDirectories(cpu);
        if (limits.cpuMillis() > 0) {
          write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
          write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota(limits.cpuMillis())));
        }
        if (limits.cpuRequestMillis() > 0) {
          write(cpu.resolve("cpu.shares"), Long.toString(Math.max(2, limits.cpuRequestMillis() * 1024 / 1000)));
        }
        procs.add(memory.resolve("cgroup.procs"));
        procs.add(cpu.resolve("cgroup.procs"));
      }
      case V2 v2 -> {
        Path group = v2.parent().resolve(id);
        Files.createDirectories(group);
        if (limits.memoryBytes() > 0) {
          write(group.resolve("memory.max"), Long.toString(limits.memoryBytes()));
          write(group.resolve("memory.swap.max"), "0");
        }
        if (limits.cpuMillis() > 0) {
          write(group.resolve("cpu.max"), quota(limits.cpuMillis()) + " " + CPU_PERIOD_US);
        }
        if (limits.cpuRequestMillis() > 0) {
          // The kubelet's mapping of shares (2..262144) onto weights (1..10000).
          long shares = Math.max(2, limits.cpuRequestMillis() * 1024 / 1000);
          write(group.resolve("cpu.weight"), Long.toString(1 + ((shares - 2) * 9999) / 262142));
        }
        procs.add(group.resolve("cgroup.procs"));
      }
      case Unavailable u -> { }
    }
    return procs;
  }

  /** Whether the OOM killer killed a process of container {@code id}'s cgroup. */
  default boolean oomKilled(String id) {
    Path events = switch (this) {
      case V1 v1 -> v1.memoryParent().resolve(id).resolve("memory.oom_control");
      case V2 v2 -> v2.parent().resolve(id).resolve("memory.events");
      case Unavailable u -> null;
    };
    if (events == null) {
      return false;
    }
    try {
      return Files.readAllLines(events).stream()
          .map(l -> l.split("\\s+"))
          .anyMatch(f -> f.length == 2 && f[0].equals("oom_kill") && !f[1].equals("0"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** The folders of container {@code id}'s cgroup (whether or not they exist). */
  default List<Path> folders(String id) {
    return switch (this) {
      case V1 v1 -> List.of(v1.memoryParent().resolve(id), v1.cpuParent().resolve(id));
      case V2 v2 -> List.of(v2.parent().resolve(id));
      case Unavailable u -> List.of();
    };
  }

  /** Removes container {@code id}'s cgroup; false when it still has processes (try again later). */
  default boolean remove(String id) {
    boolean removed = true;
    for (Path group : folders(id)) {
      removed &= removeGroup(group);
    }
    return removed;
  }

  /** Why limits cannot be enforced here; empty when they can. */
  default Optional<String> unavailable() {
    return this instanceof Unavailable u ? Optional.of(u.reason()) : Optional.empty();
  }

  private static boolean removeGroup(Path group) {
    try {
      Files.delete(group);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (DirectoryNotEmptyException e) {
      // A real cgroup folder is removed with its control files; a plain folder (tests) is not.
      try (Stream<Path> files = Files.list(group)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.delete(f);
        }
        Files.delete(group);
        return true;
      } catch (IOException notEmpty) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes the containers' cgroups that no process is in any more: left behind when a container
   * ended while no kletd ran. Those of running containers (adopted later) have processes and stay.
   */
  private static void removeEmpty(Path parent) throws IOException {
    try (Stream<Path> groups = Files.list(parent)) {
      for (Path group : groups.filter(Files::isDirectory).toList()) {
        Path procs = group.resolve("cgroup.procs");
        if (Files.exists(procs) && Files.readString(procs).isBlank()) {
          removeGroup(group);
        }
      }
    }
  }

  private static long quota(long millis) {
    return Math.max(1000, millis * CPU_PERIOD_US / 1000);
  }

  private static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value + " to " + file, e);
    }
  }

  /** kletd's own cgroup path in a hierarchy, from /proc/self/cgroup; "" for the unified one. */
  private static String ownPath(String selfCgroup, String controller) {
    for (String line : selfCgroup.lines().toList()) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
        return parts[2];
      }
    }
    return "/";
  }

  private static Path under(Path root, String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return relative.isEmpty() ? root : root.resolve(relative);
  }
}
