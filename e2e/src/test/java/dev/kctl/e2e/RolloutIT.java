package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rolling update of the sample Tomcat with one real kctld and one real kletd, driven by the
 * real kubectl: with maxUnavailable 0 and maxSurge 1, a watch on the pods never sees fewer than
 * three Ready pods; the new processes see the changed environment, the old ones are stopped, and
 * {@code kubectl rollout undo} brings the old template back the same way.
 */
class RolloutIT {
  private static final String DEPLOYMENT = "tomcat";
  private static final int REPLICAS = 3;

  @TempDir Path home;
  private KletdCluster cluster;

  @Test
  void rollingUpdateKeepsEveryReplicaReadyAndUndoRestoresTheTemplate() throws Exception {
    cluster = KletdCluster.start(home);
    ReadyCount ready = new ReadyCount();
    Watch watch = null;
    try {
      Path manifest = home.resolve("tomcat.yaml");
      Files.writeString(manifest, manifest(), StandardCharsets.UTF_8);
      kubectl("apply", "-f", manifest.toString()).assertSuccess(List.of("kubectl apply"));
      kubectl("rollout", "status", "deployment/" + DEPLOYMENT, "--timeout=60s").assertSuccess(List.of("first rollout"));
      Map<String, Long> oldPids = pids(livePods());
      assertThat(oldPids).hasSize(REPLICAS);

      watch = cluster.api.watch(ResourceTypes.PODS, "default", ListOptions.NONE, ready);
      await("the watch sees the three Ready pods").atMost(ofSeconds(10)).until(() -> ready.current() == REPLICAS);
      ready.startRecording();

      kubectl("set", "env", "deployment/" + DEPLOYMENT, "FOO=bar").assertSuccess(List.of("kubectl set env"));
      Commands.Result status = kubectl("rollout", "status", "deployment/" + DEPLOYMENT, "--timeout=60s");
      assertThat(status.exitCode()).as(status.stderr()).isZero();
      assertThat(status.stdout()).contains("successfully rolled out");

      await("the old pods gone").atMost(ofSeconds(30)).until(() -> oldPids.keySet().stream().noneMatch(this::exists));
      await("the old processes stopped").atMost(ofSeconds(30)).until(() ->
          oldPids.values().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
      List<String> updated = livePods();
      assertThat(updated).hasSize(REPLICAS).doesNotContainAnyElementsOf(oldPids.keySet());
      Map<String, Long> newPids = pids(updated);
      for (String pod : updated) {
        assertThat(echoFoo(pod)).as("FOO in " + pod).isEqualTo("[bar]\n");
      }
      assertThat(ready.minimum()).as("Ready pods during the rollout").isGreaterThanOrEqualTo(REPLICAS);
      assertThat(ready.maximum()).as("Ready pods with the surge pod").isEqualTo(REPLICAS + 1);

      kubectl("rollout", "undo", "deployment/" + DEPLOYMENT).assertSuccess(List.of("kubectl rollout undo"));
      kubectl("rollout", "status", "deployment/" + DEPLOYMENT, "--timeout=60s").assertSuccess(List.of("undo rollout"));
      await("the FOO pods gone").atMost(ofSeconds(30)).until(() -> newPids.keySet().stream().noneMatch(this::exists));
      JsonNode container = cluster.api.get(ResourceTypes.DEPLOYMENTS, "default", DEPLOYMENT)
          .path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(container.path("env").isEmpty()).as("the template's env after undo: " + container.path("env")).isTrue();
      List<String> restored = livePods();
      assertThat(restored).hasSize(REPLICAS).doesNotContainAnyElementsOf(newPids.keySet());
      pids(restored);
      assertThat(echoFoo(restored.getFirst())).isEqualTo("[]\n");
      assertThat(ready.minimum()).as("Ready pods during the rollout and the undo").isGreaterThanOrEqualTo(REPLICAS);
    } finally {
      if (watch != null) {
        watch.close();
      }
      cluster.close();
    }
  }

  /** samples/tomcat.yaml with three replicas, a surge-only strategy and a readiness probe. */
  private static String manifest() throws Exception {
    String sample = Files.readString(WalkingSkeletonIT.ROOT.resolve("samples/tomcat.yaml"), StandardCharsets.UTF_8);
    assertThat(sample).contains("replicas: 2").contains("image: tomcat").contains("- name: http");
    return sample
        .replace("replicas: 2", """
            replicas: %d
              strategy:
                type: RollingUpdate
                rollingUpdate:
                  maxUnavailable: 0
                  maxSurge: 1""".formatted(REPLICAS))
        .replace("          image: tomcat\n", """
                      image: tomcat
                      readinessProbe:
                        tcpSocket:
                          port: http
                        periodSeconds: 1
            """);
  }

  private Commands.Result kubectl(String... args) throws Exception {
    List<String> command = Commands.of("kubectl", "--kubeconfig", home.resolve("server/admin.kubeconfig").toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }

  private String echoFoo(String pod) throws Exception {
    Commands.Result result = kubectl("exec", pod, "--", "sh", "-c", "echo \"[$FOO]\"");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  /** The deployment's pods that are not being deleted. */
  private List<String> livePods() {
    List<String> names = new ArrayList<>();
    for (JsonNode pod : cluster.api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items")) {
      if (!pod.path("metadata").has("deletionTimestamp") && ObjectMeta.of(pod).labels().containsKey("app")) {
        names.add(ObjectMeta.of(pod).name());
      }
    }
    return names;
  }

  /** Each pod's process id; remembering them lets the cluster kill them if the test fails. */
  private Map<String, Long> pids(List<String> pods) {
    Map<String, Long> pids = new HashMap<>();
    for (String pod : pods) {
      pids.put(pod, await("pid of " + pod).atMost(ofSeconds(10)).until(() -> cluster.pid(pod, "tomcat"), p -> p.isPresent()).orElseThrow());
    }
    return pids;
  }

  private boolean exists(String pod) {
    try {
      cluster.pod(pod);
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  /**
   * Follows the pods' readiness from the watch: how many are Ready and not being deleted after
   * each event, and the least and the most of that since {@link #startRecording}.
   */
  private static final class ReadyCount implements WatchHandler {
    /** Guarded by this: each pod's name to whether it counts as Ready. */
    private final Map<String, Boolean> pods = new HashMap<>();
    private final AtomicInteger minimum = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger maximum = new AtomicInteger();
    private volatile boolean recording;

    @Override
    public synchronized void onEvent(WatchEvent event) {
      ObjectNode pod = event.object();
      String name = ObjectMeta.of(pod).name();
      switch (event.type()) {
        case ADDED, MODIFIED -> pods.put(name, isReady(pod));
        case DELETED -> pods.remove(name);
        case BOOKMARK, ERROR -> { }
      }
      if (recording) {
        minimum.accumulateAndGet(current(), Math::min);
        maximum.accumulateAndGet(current(), Math::max);
      }
    }

    @Override
    public void onClose(ApiException cause) {
      // the test closes the watch; a watch ended early shows as a missing minimum
    }

    synchronized int current() {
      return (int) pods.values().stream().filter(Boolean::booleanValue).count();
    }

    void startRecording() {
      minimum.set(current());
      recording = true;
    }

    int minimum() {
      return minimum.get();
    }

    int maximum() {
      return maximum.get();
    }

    private static boolean isReady(JsonNode pod) {
      if (pod.path("metadata").has("deletionTimestamp")) {
        return false;
      }
      for (JsonNode c : pod.path("status").path("conditions")) {
        if (c.path("type").asString("").equals("Ready")) {
          return c.path("status").asString("").equals("True");
        }
      }
      return false;
    }
  }
}
