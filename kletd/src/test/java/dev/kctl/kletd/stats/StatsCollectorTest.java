package dev.kctl.kletd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StatsCollectorTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private final List<RunningContainer> running = new ArrayList<>();
  private FileSystem fs;
  private Path proc;

  @BeforeEach
  void fakeProc() throws Exception {
    fs = Jimfs.newFileSystem(Configuration.unix());
    proc = Files.createDirectories(fs.getPath("/proc"));
    Files.writeString(proc.resolve("meminfo"), "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\n");
  }

  @AfterEach
  void closeFs() throws Exception {
    fs.close();
  }

  @Test
  void cpuIsTheRateBetweenTheLastTwoSamplesAndMemoryTheLatest() throws Exception {
    running.add(container("busy", "main", 100));
    running.add(container("idle", "main", 200));
    StatsCollector stats = StatsCollector.real("n1", proc, () -> List.copyOf(running), clock);
    machine(1000);
    process(100, 1000, 2048);
    process(200, 10, 1024);
    stats.sample();

    now.set(T0.plus(Duration.ofSeconds(10)));
    machine(3000);
    process(100, 1900, 4096); // 900 ticks = 9 s of CPU in 10 s: 0.9 cores
    process(200, 11, 1024);
    stats.sample();
    ObjectNode summary = stats.summary();

    JsonNode node = summary.path("node");
    assertThat(node.path("nodeName").asString()).isEqualTo("n1");
    assertThat(node.path("cpu").path("usageNanoCores").asLong()).isEqualTo(2_000_000_000L);
    assertThat(node.path("cpu").path("windowSeconds").asDouble()).isEqualTo(10.0);
    assertThat(node.path("cpu").path("time").asString()).isEqualTo("2026-11-25T10:00:10Z");
    assertThat(node.path("memory").path("workingSetBytes").asLong()).isEqualTo(400 * 1024);
    assertThat(node.path("memory").path("availableBytes").asLong()).isEqualTo(600 * 1024);
    JsonNode busy = pod(summary, "busy");
    assertThat(busy.path("podRef").path("uid").asString()).isEqualTo("uid-busy");
    assertThat(busy.path("containers").get(0).path("cpu").path("usageNanoCores").asLong()).isEqualTo(900_000_000L);
    assertThat(busy.path("containers").get(0).path("memory").path("workingSetBytes").asLong()).isEqualTo(4096 * 1024);
    assertThat(busy.path("cpu").path("usageNanoCores").asLong()).isEqualTo(900_000_000L);
    assertThat(pod(summary, "idle").path("cpu").path("usageNanoCores").asLong()).isEqualTo(1_000_000L);
  }

  @Test
  void aContainerSeenInOneSampleOnlyHasNoRateNorHasItsPod() throws Exception {
    running.add(container("web", "main", 100));
    StatsCollector stats = StatsCollector.real("n1", proc, () -> List.copyOf(running), clock);
    machine(0);
    process(100, 10, 100);
    stats.sample();
    assertThat(stats.summary().path("node").path("cpu").has("usageNanoCores")).isFalse();

    now.set(T0.plusSeconds(10));
    running.add(container("web", "sidecar", 300));
    process(300, 5, 100);
    stats.sample();
    JsonNode web = pod(stats.summary(), "web");

    assertThat(web.path("containers").get(0).path("cpu").has("usageNanoCores")).isTrue();
    assertThat(web.path("containers").get(1).path("cpu").has("usageNanoCores")).isFalse();
    assertThat(web.path("cpu").has("usageNanoCores")).isFalse();
    assertThat(web.path("memory").path("workingSetBytes").asLong()).isEqualTo(200 * 1024);
  }

  @Test
  void aRestartedContainerStartsFromZeroInsteadOfShowingANegativeRate() throws Exception {
    running.add(container("web", "main", 100));
    StatsCollector stats = StatsCollector.real("n1", proc, () -> List.copyOf(running), clock);
    machine(0);
    process(100, 500, 100);
    stats.sample();

    now.set(T0.plusSeconds(10));
    running.clear();
    running.add(new RunningContainer("default", "web", "uid-web", "main", 101, T0.plusSeconds(5), List.of()));
    process(101, 3, 100);
    stats.sample();

    assertThat(pod(stats.summary(), "web").path("containers").get(0).path("cpu").has("usageNanoCores")).isFalse();
  }

  @Test
  void simulatedNodesUseNothing() {
    running.add(new RunningContainer("default", "web", "uid-web", "main", 0, T0, List.of()));
    StatsCollector stats = StatsCollector.simulated("sim-0", () -> List.copyOf(running), clock);
    stats.sample();
    now.set(T0.plusSeconds(10));
    stats.sample();
    ObjectNode summary = stats.summary();

    assertThat(summary.path("node").path("cpu").path("usageNanoCores").asLong(-1)).isZero();
    assertThat(pod(summary, "web").path("cpu").path("usageNanoCores").asLong(-1)).isZero();
    assertThat(pod(summary, "web").path("memory").path("workingSetBytes").asLong(-1)).isZero();
  }

  @Test
  void beforeTheFirstSampleTheSummaryNamesTheNodeOnly() {
    ObjectNode summary = StatsCollector.simulated("sim-0", List::of, clock).summary();

    assertThat(summary.path("node").path("nodeName").asString()).isEqualTo("sim-0");
    assertThat(summary.path("node").has("cpu")).isFalse();
    assertThat(summary.path("pods")).isEmpty();
  }

  private RunningContainer container(String pod, String name, long pid) {
    return new RunningContainer("default", pod, "uid-" + pod, name, pid, T0, List.of());
  }

  private void machine(long busyTicks) throws Exception {
    Files.writeString(proc.resolve("stat"), "cpu  " + busyTicks + " 0 0 99999 0 0 0 0 0 0\n");
  }

  private void process(long pid, long ticks, long rssKb) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (sh) S 1 " + pid + " " + pid + " 0 -1 0 0 0 0 0 " + ticks
        + " 0 0 0 20 0 1 0 5 0 0\n");
    Files.writeString(dir.resolve("status"), "VmRSS:\t" + rssKb + " kB\n");
  }

  private static JsonNode pod(JsonNode summary, String name) {
    for (JsonNode pod : summary.path("pods")) {
      if (pod.path("podRef").path("name").asString().equals(name)) {
        return pod;
      }
    }
    throw new AssertionError("no pod " + name + " in " + summary);
  }
}
