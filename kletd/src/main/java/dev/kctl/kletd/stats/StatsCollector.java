package dev.kctl.kletd.stats;

import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures one node and the containers running on it, every {@link #INTERVAL} (the caller
 * schedules {@link #sample()}), and keeps the last two samples, so that CPU can be given as a rate:
 * the CPU time used between the two samples divided by the time between them. Memory is the newer
 * sample's. {@link #summary()} is the stats summary the node endpoint serves.
 *
 * <p>A container's CPU and memory come from its cgroup where kletd made one, else from its
 * processes (see {@link ProcFs}); the node's from {@code /proc/stat} and {@code /proc/meminfo}.
 * Simulated nodes measure nothing: they and their containers use zero.
 *
 * <p>Thread-safe: {@link #sample()} replaces an immutable pair of samples that {@link #summary()}
 * reads.
 */
public final class StatsCollector {
  /** How often to sample: the window of the CPU rates. */
  public static final Duration INTERVAL = Duration.ofSeconds(10);

  /** Where usage is read from. */
  private sealed interface Machine {
    record Real(ProcFs proc) implements Machine {}

    record Simulated() implements Machine {}
  }

  /** A container's identity across samples: a restarted container is a new one, starting from zero. */
  private record Key(String uid, String container, long pid, Instant startedAt) {}

  private record Measured(RunningContainer container, Reading reading) {}

  private record Sample(Instant at, NodeReading node, Map<Key, Measured> containers) {}

  private record Samples(Sample previous, Sample current) {}

  private final String nodeName;
  private final Supplier<List<RunningContainer>> containers;
  private final Machine machine;
  private final InstantSource clock;
  private volatile Samples samples;

  private StatsCollector(String nodeName, Supplier<List<RunningContainer>> containers, Machine machine,
      InstantSource clock) {
    this.nodeName = nodeName;
    this.containers = containers;
    this.machine = machine;
    this.clock = clock;
  }

  /**
   * A collector for a node that runs real processes.
   *
   * @param proc normally {@code /proc}
   * @param containers the containers running now
   */
  public static StatsCollector real(String nodeName, Path proc, Supplier<List<RunningContainer>> containers,
      InstantSource clock) {
    return new StatsCollector(nodeName, containers, new Machine.Real(new ProcFs(proc)), clock);
  }

  /** A collector for a simulated node: everything uses zero. */
  public static StatsCollector simulated(String nodeName, Supplier<List<RunningContainer>> containers,
      InstantSource clock) {
    return new StatsCollector(nodeName, containers, new Machine.Simulated(), clock);
  }

  public String nodeName() {
    return nodeName;
  }

  /** Takes a sample now; the one before the last is dropped. */
  public void sample() {
    List<RunningContainer> running = containers.get();
    Instant at = clock.instant();
    NodeReading node;
    Map<Long, Reading> sessions;
    switch (machine) {
      case Machine.Real real -> {
        node = real.proc().node();
        Set<Long> pids = new HashSet<>();
        running.stream().filter(c -> c.pid() > 0).forEach(c -> pids.add(c.pid()));
        sessions = real.proc().sessions(pids);
      }
      case Machine.Simulated simulated -> {
        node = NodeReading.ZERO;
        sessions = Map.of();
      }
    }
    Map<Key, Measured> measured = new LinkedHashMap<>();
    for (RunningContainer c : running) {
      Reading processes = sessions.getOrDefault(c.pid(), Reading.ZERO);
      OptionalLong cgroupCpu = CgroupUsage.cpuNanos(c.cgroups());
      OptionalLong cgroupMemory = CgroupUsage.workingSetBytes(c.cgroups());
      Reading reading = new Reading(cgroupCpu.orElse(processes.cpuNanos()),
          cgroupMemory.orElse(processes.workingSetBytes()));
      measured.put(new Key(c.uid(), c.container(), c.pid(), c.startedAt()), new Measured(c, reading));
    }
    Samples last = samples;
    samples = new Samples(last == null ? null : last.current(), new Sample(at, node, Collections.unmodifiableMap(measured)));
  }

  /**
   * The stats summary, in the shape of the kubelet's Summary API ({@code /stats/summary}) with one
   * addition, {@code windowSeconds}:
   *
   * <pre>{@code
   * {"node": {"nodeName": "n1",
   *           "cpu": {"time": T, "usageNanoCores": N, "usageCoreNanoSeconds": C, "windowSeconds": 10.001},
   *           "memory": {"time": T, "availableBytes": A, "usageBytes": U, "workingSetBytes": W}},
   *  "pods": [{"podRef": {"name": "web", "namespace": "default", "uid": "..."},
   *            "cpu": {...}, "memory": {"time": T, "workingSetBytes": W},
   *            "containers": [{"name": "main", "startTime": S, "cpu": {...}, "memory": {...}}]}]}
   * }</pre>
   *
   * {@code time} is when the newer sample was taken and {@code windowSeconds} how long before it
   * the older one was. {@code usageNanoCores} (and the window) is left out where there is no rate
   * yet: before the second sample, and for a container (and its pod) first seen in the newer one.
   */
  public ObjectNode summary() {
    Samples last = samples;
    ObjectNode summary = Json.object();
    ObjectNode node = summary.putObject("node");
    node.put("nodeName", nodeName);
    ArrayNode pods = summary.putArray("pods");
    if (last == null) {
      return summary;
    }
    Sample current = last.current();
    Sample previous = last.previous();
    String time = Timestamps.time(current.at());
    double window = previous == null ? 0 : Duration.between(previous.at(), current.at()).toNanos() / 1e9;
    ObjectNode nodeCpu = node.putObject("cpu");
    nodeCpu.put("time", time);
    if (previous != null) {
      rate(nodeCpu, current.node().cpuNanos() - previous.node().cpuNanos(), window);
    }
    nodeCpu.put("usageCoreNanoSeconds", current.node().cpuNanos());
    ObjectNode nodeMemory = node.putObject("memory");
    nodeMemory.put("time", time);
    nodeMemory.put("availableBytes", current.node().memoryAvailable());
    nodeMemory.put("usageBytes", current.node().usageBytes());
    nodeMemory.put("workingSetBytes", current.node().workingSetBytes());

    Map<String, PodTotals> byPod = new LinkedHashMap<>();
    for (Map.Entry<Key, Measured> entry : current.containers().entrySet()) {
      RunningContainer c = entry.getValue().container();
      Reading now = entry.getValue().reading();
      PodTotals totals = byPod.computeIfAbsent(c.uid(), uid -> new PodTotals(pods.addObject(), c));
      ObjectNode container = totals.containers.addObject();
      container.put("name", c.container());
      container.put("startTime", Timestamps.time(c.startedAt()));
      ObjectNode cpu = container.putObject("cpu");
      cpu.put("time", time);
      Measured before = previous == null ? null : previous.containers().get(entry.getKey());
      if (before != null) {
        // A cgroup's counter and a session's sum only grow, but a session loses the time of a
        // child that ends unreaped by it; that is no negative usage.
        long used = Math.max(0, now.cpuNanos() - before.reading().cpuNanos());
        rate(cpu, used, window);
        totals.cpuUsed += used;
      } else {
        totals.complete = false;
      }
      cpu.put("usageCoreNanoSeconds", now.cpuNanos());
      memory(container, time, now.workingSetBytes());
      totals.cpuTotal += now.cpuNanos();
      totals.memory += now.workingSetBytes();
    }
    for (PodTotals totals : byPod.values()) {
      ObjectNode cpu = totals.pod.putObject("cpu");
      cpu.put("time", time);
      if (totals.complete && previous != null) {
        rate(cpu, totals.cpuUsed, window);
      }
      cpu.put("usageCoreNanoSeconds", totals.cpuTotal);
      memory(totals.pod, time, totals.memory);
    }
    return summary;
  }

  /** A pod's entry while its containers are added up. */
  private static final class PodTotals {
    final ObjectNode pod;
    final ArrayNode containers;
    long cpuUsed;
    long cpuTotal;
    long memory;
    /** Whether every container has a rate, so that the pod's is their sum. */
    boolean complete = true;

    PodTotals(ObjectNode pod, RunningContainer first) {
      this.pod = pod;
      ObjectNode ref = pod.putObject("podRef");
      ref.put("name", first.pod());
      ref.put("namespace", first.namespace());
      ref.put("uid", first.uid());
      this.containers = pod.putArray("containers");
    }
  }

  private static void rate(ObjectNode cpu, long usedNanos, double windowSeconds) {
    if (windowSeconds <= 0) {
      return;
    }
    cpu.put("usageNanoCores", Math.round(usedNanos / windowSeconds));
    cpu.put("windowSeconds", windowSeconds);
  }

  private static void memory(ObjectNode stats, String time, long workingSet) {
    ObjectNode memory = stats.putObject("memory");
    memory.put("time", time);
    memory.put("workingSetBytes", workingSet);
  }
}
