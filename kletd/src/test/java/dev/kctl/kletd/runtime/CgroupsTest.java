package dev.kctl.kletd.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup files kletd writes, against a folder laid out like /sys/fs/cgroup. */
class CgroupsTest {
  @TempDir Path root;

  @Test
  void v1PutsContainersUnderKletdsOwnCgroupAndWritesLimitsQuotaAndShares() throws Exception {
    Files.createDirectories(root.resolve("memory/process_api/abc"));
    Files.createDirectories(root.resolve("cpu,cpuacct"));
    Path stale = Files.createDirectories(root.resolve("memory/process_api/abc/kctl/gone_main"));
    Files.writeString(stale.resolve("cgroup.procs"), "");
    Path busy = Files.createDirectories(root.resolve("memory/process_api/abc/kctl/adopted_main"));
    Files.writeString(busy.resolve("cgroup.procs"), "4242\n");

    Cgroups cgroups = Cgroups.detect(root, "4:memory:/process_api/abc\n2:cpu,cpuacct:/\n0::/\n");

    assertThat(cgroups).isEqualTo(new Cgroups.V1(root.resolve("memory/process_api/abc/kctl"),
        root.resolve("cpu,cpuacct/kctl")));
    assertThat(stale).as("left by a container that ended while no kletd ran").doesNotExist();
    assertThat(busy).exists();
    var procs = cgroups.create("pod_main", new ResourceLimits(128L << 20, 1500, 250));
    Path memory = root.resolve("memory/process_api/abc/kctl/pod_main");
    Path cpu = root.resolve("cpu,cpuacct/kctl/pod_main");
    assertThat(procs).containsExactly(memory.resolve("cgroup.procs"), cpu.resolve("cgroup.procs"));
    assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo("134217728");
    assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("150000");
    assertThat(Files.readString(cpu.resolve("cpu.shares"))).isEqualTo("256");

    assertThat(cgroups.oomKilled("pod_main")).isFalse();
    Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    assertThat(cgroups.oomKilled("pod_main")).isTrue();

    assertThat(cgroups.remove("pod_main")).isTrue();
    assertThat(memory).doesNotExist();
    assertThat(cpu).doesNotExist();
  }

  @Test
  void v2EnablesControllersAndWritesMaxFiles() throws Exception {
    Files.createDirectories(root.resolve("system.slice/kletd.service"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");

    Cgroups cgroups = Cgroups.detect(root, "0::/system.slice/kletd.service\n");

    Path parent = root.resolve("system.slice/kletd.service/kctl");
    assertThat(cgroups).isEqualTo(new Cgroups.V2(parent));
    assertThat(Files.readString(parent.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory");
    cgroups.create("pod_main", new ResourceLimits(64L << 20, 1, 0));
    assertThat(Files.readString(parent.resolve("pod_main/memory.max"))).isEqualTo("67108864");
    assertThat(Files.readString(parent.resolve("pod_main/cpu.max"))).as("at least 1 ms").isEqualTo("1000 100000");
    Files.writeString(parent.resolve("pod_main/memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n");
    assertThat(cgroups.oomKilled("pod_main")).isTrue();
  }

  @Test
  void withoutCgroupsItSaysWhy() {
    Cgroups cgroups = Cgroups.detect(root, "");

    assertThat(cgroups.unavailable()).get().asString().contains("neither cgroup v2");
  }
}
