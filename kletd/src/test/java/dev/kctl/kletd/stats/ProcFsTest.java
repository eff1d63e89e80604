package dev.kctl.kletd.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcFsTest {
  /** A shell whose name holds a space and parentheses; session 19806, utime 150, stime 30, cutime 12, cstime 8. */
  static final String STAT = "19810 (my (odd) sh) R 19806 19806 19806 0 -1 4194304 99 0 0 0 150 30 12 8 20 0 1 0"
      + " 1147229 3133440 359 18446744073709551615 94203679604736 94203679624617 0 0 0 0 0 0 0 0 17 0 0 0\n";
  static final String STATUS = """
      Name:\tsh
      State:\tR (running)
      VmPeak:\t    3060 kB
      VmRSS:\t    2056 kB
      Threads:\t1
      """;
  static final String PROC_STAT = """
      cpu  1382094 17 118677 770707 3950 100 4991 7369 0 0
      cpu0 691047 8 59338 385353 1975 50 2495 3684 0 0
      intr 123 0 0
      btime 1764060000
      """;
  static final String MEMINFO = """
      MemTotal:        8048576 kB
      MemFree:          848576 kB
      MemAvailable:    5048576 kB
      Buffers:          100000 kB
      HugePages_Total:       0
      """;

  @Test
  void statFieldsAreCountedFromTheLastParenthesisOfTheCommandName() {
    ProcFs.ProcessStat stat = ProcFs.parseStat(STAT);

    assertThat(stat.pid()).isEqualTo(19810);
    assertThat(stat.session()).isEqualTo(19806);
    assertThat(stat.cpuTicks()).isEqualTo(150 + 30 + 12 + 8);
  }

  @Test
  void truncatedStatIsRejected() {
    assertThatThrownBy(() -> ProcFs.parseStat("12 (sh) R 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcFs.parseStat("garbage")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void residentMemoryComesFromVmRssInKibibytes() {
    assertThat(ProcFs.parseRssBytes(STATUS)).isEqualTo(2056L * 1024);
    assertThat(ProcFs.parseRssBytes("Name:\tkthreadd\nState:\tS (sleeping)\n")).isZero();
  }

  @Test
  void machineCpuIsTheBusyTicksOfAllCpus() {
    // user + nice + system + irq + softirq + steal; idle and iowait are not busy.
    assertThat(ProcFs.parseCpuTicks(PROC_STAT)).isEqualTo(1382094 + 17 + 118677 + 100 + 4991 + 7369);
  }

  @Test
  void meminfoSizesAreInBytes() {
    Map<String, Long> memory = ProcFs.parseMeminfo(MEMINFO);

    assertThat(memory).containsEntry("MemTotal", 8048576L * 1024).containsEntry("MemAvailable", 5048576L * 1024);
    assertThat(memory).doesNotContainKey("HugePages_Total");
  }

  @Test
  void sessionsSumTheirProcessesAndSkipOtherSessionsAndVanishedOnes() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path proc = fs.getPath("/proc");
      process(proc, 100, "100 (sh) S 1 100 100 0 -1 0 0 0 0 0 200 100 0 0 20 0 1 0 5 0 0", 1000);
      process(proc, 101, "101 (yes) R 100 100 100 0 -1 0 0 0 0 0 50 50 0 0 20 0 1 0 6 0 0", 500);
      process(proc, 200, "200 (other) S 1 200 200 0 -1 0 0 0 0 0 999 999 0 0 20 0 1 0 7 0 0", 9000);
      Files.createDirectories(proc.resolve("300")); // ended between the listing and the read
      Files.createDirectories(proc.resolve("self"));
      Files.writeString(proc.resolve("stat"), PROC_STAT);
      Files.writeString(proc.resolve("meminfo"), MEMINFO);

      Map<Long, Reading> usage = new ProcFs(proc).sessions(Set.of(100L, 400L));

      assertThat(usage).containsOnlyKeys(100L);
      assertThat(usage.get(100L).cpuNanos()).isEqualTo(400 * ProcFs.NANOS_PER_TICK);
      assertThat(usage.get(100L).workingSetBytes()).isEqualTo(1500L * 1024);

      NodeReading node = new ProcFs(proc).node();
      assertThat(node.workingSetBytes()).isEqualTo((8048576L - 5048576L) * 1024);
      assertThat(node.usageBytes()).isEqualTo((8048576L - 848576L) * 1024);
    }
  }

  @Test
  void cgroupFiguresComeFromWhicheverFolderHasThem() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path memory = Files.createDirectories(fs.getPath("/sys/fs/cgroup/memory/kctl/c1"));
      Path cpu = Files.createDirectories(fs.getPath("/sys/fs/cgroup/cpu/kctl/c1"));
      Files.writeString(memory.resolve("memory.usage_in_bytes"), "10485760\n");
      Files.writeString(memory.resolve("memory.stat"), "cache 5\ntotal_inactive_file 4194304\n");
      Files.writeString(cpu.resolve("cpu.stat"), "nr_periods 0\nnr_throttled 0\n");
      Path v2 = Files.createDirectories(fs.getPath("/sys/fs/cgroup/kctl/c2"));
      Files.writeString(v2.resolve("memory.current"), "8192\n");
      Files.writeString(v2.resolve("memory.stat"), "anon 4096\ninactive_file 1024\n");
      Files.writeString(v2.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\n");

      assertThat(CgroupUsage.workingSetBytes(java.util.List.of(memory, cpu))).hasValue(10485760L - 4194304L);
      // v1 cpu without cpuacct accounts no CPU time: the processes' figures are used instead.
      assertThat(CgroupUsage.cpuNanos(java.util.List.of(memory, cpu))).isEmpty();
      assertThat(CgroupUsage.workingSetBytes(java.util.List.of(v2))).hasValue(8192L - 1024L);
      assertThat(CgroupUsage.cpuNanos(java.util.List.of(v2))).hasValue(2_500_000L);
    }
  }

  private static void process(Path proc, int pid, String stat, int rssKb) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(dir.resolve("stat"), stat + "\n");
    Files.writeString(dir.resolve("status"), "Name:\tx\nVmRSS:\t" + rssKb + " kB\n");
  }
}
