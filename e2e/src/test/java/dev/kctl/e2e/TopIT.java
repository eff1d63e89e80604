package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl top} and {@code kctl top} against one real kctld and kletd: a pod that spins a
 * shell loop shows clearly more CPU than one that sleeps, both show memory, and the node shows its
 * usage as a share of what it can allocate. kletd measures every {@code StatsCollector.INTERVAL}
 * (10 s) and needs two samples for a rate, so the first metrics take up to about 20 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopIT {
  /** A {@code top pod} row: name, millicores, MiB. */
  private static final Pattern POD_ROW = Pattern.compile("^(\\S+)\\s+(\\d+)m\\s+(\\d+)Mi\\s*$");
  /** A {@code top node} row: name, millicores, CPU share, MiB, memory share. */
  private static final Pattern NODE_ROW = Pattern.compile("^(\\S+)\\s+(\\d+)m\\s+(\\d+)%\\s+(\\d+)Mi\\s+(\\d+)%\\s*$");

  private Path home;
  private KletdCluster cluster;

  @BeforeAll
  void startClusterAndPods(@TempDir Path dir) throws Exception {
    home = dir;
    cluster = KletdCluster.start(home);
    for (var pod : Map.of("busy", "while :; do :; done", "idle", "exec sleep 600").entrySet()) {
      cluster.api.create(ResourceTypes.PODS, "default", Json.parseObject("""
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default", "labels": {"app": "%s"}},
           "spec": {"containers": [{"name": "main", "image": "/bin/sh", "command": ["/bin/sh", "-c", "%s"]}]}}"""
          .formatted(pod.getKey(), pod.getKey(), pod.getValue())));
    }
    await("busy and idle Running").atMost(ofSeconds(60)).until(() -> running("busy") && running("idle"));
    // Remembered for the cleanup, which kills them even if the test fails.
    cluster.pid("busy", "main");
    cluster.pid("idle", "main");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kubectlTopPodShowsTheSpinningPodAboveTheSleepingOneWithMemory() {
    awaitBusyAboveIdle(List.of("kubectl"));
  }

  @Test
  void kctlTopPodShowsTheSpinningPodAboveTheSleepingOneWithMemory() {
    awaitBusyAboveIdle(List.of(cluster.root().resolve("bin/kctl").toString()));
  }

  @Test
  void bothCliPrintTheNodeWithItsShareOfAllocatableUnderTheSameHeader() throws Exception {
    for (List<String> cli : List.of(List.of("kubectl"), List.of(cluster.root().resolve("bin/kctl").toString()))) {
      String out = await(cli + " top node shows " + KletdCluster.NODE).atMost(ofSeconds(90)).pollInterval(ofSeconds(2))
          .until(() -> run(cli, "top", "node"), r -> r.exitCode() == 0 && r.stdout().contains(KletdCluster.NODE))
          .stdout();
      List<String> lines = out.lines().toList();
      assertThat(lines.getFirst().split("\\s+")).containsExactly("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)");
      Matcher row = NODE_ROW.matcher(lines.get(1));
      assertThat(row.matches()).as(cli + " row: " + lines.get(1)).isTrue();
      assertThat(row.group(1)).isEqualTo(KletdCluster.NODE);
      assertThat(Long.parseLong(row.group(4))).as("node memory in MiB").isPositive();
      assertThat(Long.parseLong(row.group(5))).as("node memory share").isBetween(0L, 100L);
    }
    assertThat(run(List.of("kubectl"), "top", "node").stdout().lines().findFirst())
        .isEqualTo(run(List.of(cluster.root().resolve("bin/kctl").toString()), "top", "node").stdout().lines().findFirst());
  }

  @Test
  void kubectlListsTheMetricsResourcesAndKctlShowsContainersLikeKubectl() throws Exception {
    assertThat(run(List.of("kubectl"), "api-resources").stdout())
        .containsPattern("nodes\\s+metrics.k8s.io/v1beta1\\s+false\\s+NodeMetrics")
        .containsPattern("pods\\s+metrics.k8s.io/v1beta1\\s+true\\s+PodMetrics");
    List<String> kctl = List.of(cluster.root().resolve("bin/kctl").toString());
    Commands.Result ours = await("kctl top pod --containers -A lists busy").atMost(ofSeconds(90))
        .pollInterval(ofSeconds(2))
        .until(() -> run(kctl, "top", "pod", "-A", "--containers", "-l", "app=busy"),
            r -> r.exitCode() == 0 && r.stdout().contains("busy"));
    Commands.Result theirs = run(List.of("kubectl"), "top", "pod", "-A", "--containers", "-l", "app=busy");
    assertThat(ours.stdout().lines().findFirst()).isEqualTo(theirs.stdout().lines().findFirst());
    assertThat(ours.stdout().lines().skip(1).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1] + " "
        + l.split("\\s+")[2])).containsExactly("default busy main");
    assertThat(run(List.of("kubectl"), "top", "pod", "nope").stderr())
        .contains("podmetrics.metrics.k8s.io \"default/nope\" not found");
  }

  private void awaitBusyAboveIdle(List<String> cli) {
    await(cli + " top pod shows busy with clearly more CPU than idle, and memory").atMost(ofSeconds(90))
        .pollInterval(ofSeconds(2))
        .untilAsserted(() -> {
          Commands.Result result = run(cli, "top", "pod");
          assertThat(result.exitCode()).as(result.stderr()).isZero();
          assertThat(result.stdout().lines().findFirst()).hasValueSatisfying(header ->
              assertThat(header.split("\\s+")).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)"));
          long[] busy = row(result.stdout(), "busy").orElseThrow(() -> new AssertionError("no busy row in\n" + result.stdout()));
          long[] idle = row(result.stdout(), "idle").orElseThrow(() -> new AssertionError("no idle row in\n" + result.stdout()));
          // A spinning shell gets hundreds of millicores even on a loaded machine; a sleeping one about none.
          assertThat(busy[0]).as("busy millicores in\n" + result.stdout()).isGreaterThanOrEqualTo(100).isGreaterThan(idle[0] + 50);
          assertThat(busy[1]).as("busy MiB in\n" + result.stdout()).isPositive();
        });
  }

  /** The millicores and MiB of a pod's row. */
  private static Optional<long[]> row(String out, String pod) {
    return out.lines().map(POD_ROW::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(pod))
        .map(m -> new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))}).findFirst();
  }

  private boolean running(String pod) {
    return cluster.pod(pod).path("status").path("phase").asString("").equals("Running");
  }

  private Commands.Result run(List<String> cli, String... args) throws Exception {
    List<String> command = Commands.of();
    command.addAll(cli);
    command.addAll(List.of("--kubeconfig", home.resolve("server/admin.kubeconfig").toString()));
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }
}
