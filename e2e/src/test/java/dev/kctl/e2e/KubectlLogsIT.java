package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl logs} against one real kctld and one real kletd: kctld proxies the request to
 * the pod's node, which streams the container's log file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlLogsIT {
  private Path home;
  private KletdCluster cluster;

  @BeforeAll
  void startClusterAndPods(@TempDir Path dir) throws Exception {
    home = dir;
    cluster = KletdCluster.start(home);
    // A pod that keeps writing numbered lines, and one that prints its run number and exits.
    pod("ticker", "Always", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
    pod("crasher", "Always", "echo run-$(cat /proc/sys/kernel/random/uuid); exit 1");
    await("ticker running").atMost(ofSeconds(30)).until(() -> cluster.pid("ticker", "main").isPresent());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void followStreamsNewLinesAsTheContainerWritesThem() throws Exception {
    Process follow = new ProcessBuilder(kubectl("logs", "-f", "ticker", "--tail=1")).redirectErrorStream(true).start();
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          seen.add(line);
        }
      } catch (IOException e) {
        seen.add("read failed: " + e);
      }
    });
    try {
      await("five more lines through kubectl logs -f").atMost(ofSeconds(30)).until(() -> seen.size() >= 6);
      List<Integer> numbers = seen.stream().map(l -> Integer.parseInt(l.replace("tick ", ""))).toList();
      // --tail=1 starts at the latest line; then each following line is the next number.
      for (int i = 1; i < numbers.size(); i++) {
        assertThat(numbers.get(i)).as("lines %s", seen).isEqualTo(numbers.get(i - 1) + 1);
      }
      assertThat(follow.isAlive()).isTrue();
    } finally {
      follow.destroyForcibly();
      reader.join();
    }
  }

  @Test
  void previousShowsTheLastRunOfARestartedContainer() throws Exception {
    await("crasher restarted").atMost(ofSeconds(60)).until(() -> restarts("crasher") >= 1);
    String current = run("logs", "crasher").trim();
    String previous = run("logs", "--previous", "crasher").trim();

    assertThat(previous).startsWith("run-").isNotEqualTo(current);
    assertThat(run("logs", "crasher", "--tail=1").trim()).isEqualTo(current);
  }

  private void pod(String name, String restartPolicy, String script) {
    cluster.api.create(ResourceTypes.PODS, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default"},
         "spec": {"restartPolicy": "%s", "containers": [{"name": "main", "image": "/bin/sh",
           "command": ["/bin/sh", "-c", "%s"]}]}}""".formatted(name, restartPolicy, script)));
  }

  private long restarts(String pod) {
    return cluster.api.get(ResourceTypes.PODS, "default", pod).path("status").path("containerStatuses")
        .path(0).path("restartCount").asLong(0);
  }

  private String run(String... args) throws Exception {
    Commands.Result result = Commands.run(home, kubectl(args), null);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private List<String> kubectl(String... args) {
    List<String> command = Commands.of("kubectl", "--kubeconfig", home.resolve("server/admin.kubeconfig").toString());
    command.addAll(List.of(args));
    return command;
  }
}
