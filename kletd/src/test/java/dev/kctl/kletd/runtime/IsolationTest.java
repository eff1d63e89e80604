package dev.kctl.kletd.runtime;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mount namespaces and cgroups with real processes. Runs where the node offers them (root with
 * util-linux and writable cgroups, as on the project's machines); skipped elsewhere.
 */
class IsolationTest {
  private static final Isolation ISOLATION = Isolation.detect();

  @TempDir Path temp;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final ProcessRuntime runtime = new ProcessRuntime(Clock.systemUTC(), Scheduler.of(timers), ISOLATION);
  private final List<ContainerProcess> started = new ArrayList<>();

  @AfterEach
  void killEverythingStarted() {
    // Wait for the runtime to record each exit: it writes into the test's folder, deleted next.
    started.forEach(p -> Signals.toGroup(p.pid(), Signals.SIGKILL));
    started.forEach(p -> p.exit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join());
    timers.shutdownNow();
  }

  @Test
  void aVolumeAppearsAtItsMountPathOnlyInsideTheContainersNamespaceWhichLeadsItsOwnGroup() throws Exception {
    assumeThat(ISOLATION.mountsUnsupported()).as("mount namespaces on this node").isEmpty();
    Path volume = Files.createDirectories(temp.resolve("volumes/config"));
    Files.writeString(volume.resolve("greeting"), "hello from the volume");
    String mountPath = temp.resolve("mnt/etc-config").toString();

    ContainerProcess p = start(List.of("sh", "-c", "cat greeting; echo; touch written || echo read-only; exec sleep 300"),
        Path.of(mountPath), List.of(new BindMount(volume, mountPath, true)), ResourceLimits.NONE);

    Path log = temp.resolve("c/0.log");
    await("the process read the volume").atMost(ofSeconds(10))
        .until(() -> Files.exists(log) && Files.readString(log).contains("read-only"));
    assertThat(Files.readString(log)).startsWith("hello from the volume\n");
    assertThat(Files.list(Path.of(mountPath))).as("not mounted for the node").isEmpty();
    await("sleep exec'd").atMost(ofSeconds(10)).until(() -> comm(p.pid()).equals("sleep"));
    String[] stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
    assertThat(Long.parseLong(stat[2])).as("pgrp").isEqualTo(p.pid());

    Exit exit = runtime.stop(p, Duration.ofSeconds(5)).join();
    assertThat(exit.code()).isEqualTo(143);
  }

  @Test
  void aFileMountedOverAnotherFileShowsItsContentAndLaterInPlaceWritesOnlyInsideTheNamespace() throws Exception {
    assumeThat(ISOLATION.mountsUnsupported()).as("mount namespaces on this node").isEmpty();
    Path hosts = Files.writeString(temp.resolve("etc-hosts"), "first version\n");
    Path target = Files.writeString(Files.createDirectories(temp.resolve("node")).resolve("hosts"), "the node's own\n");
    String t = target.toString();

    start(List.of("sh", "-c", "cat " + t + "; until grep -q second " + t + "; do sleep 0.1; done; echo saw it;"
        + " exec sleep 300"), temp, List.of(new BindMount(hosts, t, true)), ResourceLimits.NONE);

    Path log = temp.resolve("c/0.log");
    await("the process read the mounted file").atMost(ofSeconds(10))
        .until(() -> Files.exists(log) && Files.readString(log).contains("first version"));
    // Written in place (same inode), as kletd rewrites a pod's hosts file.
    Files.writeString(hosts, "second version\n");
    await("the process saw the rewrite").atMost(ofSeconds(10)).until(() -> Files.readString(log).contains("saw it"));
    assertThat(Files.readString(target)).as("the node's file").isEqualTo("the node's own\n");
  }

  @Test
  void aConfigMapKeyReachedThroughItsDataLinkIsMountedAsOneFileWhereNoneWas() throws Exception {
    assumeThat(ISOLATION.mountsUnsupported()).as("mount namespaces on this node").isEmpty();
    // The layout kletd's configMap volumes have: each key a link through ..data to the current version.
    Path volume = Files.createDirectories(temp.resolve("volumes/config"));
    Path version = Files.createDirectories(volume.resolve("..2026_01_01"));
    Files.writeString(version.resolve("config.yaml"), "mode: fast\n");
    Files.createSymbolicLink(volume.resolve("..data"), Path.of("..2026_01_01"));
    Files.createSymbolicLink(volume.resolve("config.yaml"), Path.of("..data/config.yaml"));
    Path etc = Files.createDirectories(temp.resolve("etc-app"));
    Files.writeString(etc.resolve("other.txt"), "kept\n");
    String target = etc.resolve("config.yaml").toString();

    start(List.of("sh", "-c", "cat " + target + " " + etc.resolve("other.txt") + "; exec sleep 300"), temp,
        List.of(new BindMount(volume.resolve("config.yaml"), target, true)), ResourceLimits.NONE);

    Path log = temp.resolve("c/0.log");
    await("the process read the mounted key").atMost(ofSeconds(10))
        .until(() -> Files.exists(log) && Files.readString(log).contains("kept"));
    assertThat(Files.readString(log)).isEqualTo("mode: fast\nkept\n");
  }

  @Test
  void aProcessOverItsMemoryLimitIsOomKilledAndItsCgroupRemoved() throws Exception {
    assumeThat(ISOLATION.cgroups().unavailable()).as("cgroups on this node").isEmpty();

    // tail keeps the last lines in memory, here one line of 200 MB against a 32 MiB limit.
    ContainerProcess p = start(List.of("sh", "-c", "head -c 200000000 /dev/zero | tail >/dev/null"), temp,
        List.of(), new ResourceLimits(32L << 20, 500, 100));

    String id = ProcessRuntime.cgroupId(temp.resolve("c"));
    Exit exit = p.exit().join();
    assertThat(exit.oomKilled()).isTrue();
    assertThat(exit.succeeded()).isFalse();
    Path group = switch (ISOLATION.cgroups()) {
      case Cgroups.V1 v1 -> v1.memoryParent().resolve(id);
      case Cgroups.V2 v2 -> v2.parent().resolve(id);
      case Cgroups.Unavailable u -> throw new AssertionError(u.reason());
    };
    await("cgroup removed").atMost(ofSeconds(15)).until(() -> !Files.exists(group));
  }

  @Test
  void aProcessWithinItsLimitsRunsInItsCgroup() throws Exception {
    assumeThat(ISOLATION.cgroups().unavailable()).as("cgroups on this node").isEmpty();

    ContainerProcess p = start(List.of("sh", "-c", "cat /proc/self/cgroup; exec sleep 300"), temp, List.of(),
        new ResourceLimits(64L << 20, 250, 0));

    Path log = temp.resolve("c/0.log");
    String id = ProcessRuntime.cgroupId(temp.resolve("c"));
    await("cgroups printed").atMost(ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).contains(id));
    if (ISOLATION.cgroups() instanceof Cgroups.V1 v1) {
      assertThat(Files.readString(v1.memoryParent().resolve(id).resolve("memory.limit_in_bytes")).strip())
          .isEqualTo(Long.toString(64L << 20));
      assertThat(Files.readString(v1.cpuParent().resolve(id).resolve("cpu.cfs_quota_us")).strip()).isEqualTo("25000");
      assertThat(Files.readString(v1.memoryParent().resolve(id).resolve("cgroup.procs")))
          .contains(Long.toString(p.pid()));
    }
    runtime.stop(p, Duration.ZERO).join();
  }

  private ContainerProcess start(List<String> command, Path workingDir, List<BindMount> mounts, ResourceLimits limits)
      throws IOException {
    ContainerProcess p = runtime.start(temp.resolve("c"), new LaunchSpec(command,
        Map.of("PATH", "/usr/bin:/bin"), workingDir, temp.resolve("c/0.log"), mounts, limits), 0);
    started.add(p);
    return p;
  }

  private static String comm(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
  }
}
