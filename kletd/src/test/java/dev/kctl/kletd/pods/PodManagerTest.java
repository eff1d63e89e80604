package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.LaunchSpec;
import dev.kctl.kletd.runtime.Recorded;
import dev.kctl.kletd.runtime.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PodManagerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeScheduler scheduler = new FakeScheduler();
  private final FakeRuntime runtime = new FakeRuntime();
  private final RecordingApi api = new RecordingApi();
  private final Map<String, Optional<String>> takenPorts = new HashMap<>();
  private final PodManager pods = new PodManager(
      new PodSettings("node-1", "10.0.0.5", Path.of("/data/pods"), "/usr/bin"), api,
      ref -> {
        if (!ref.equals("app")) {
          throw new ImagePullException("image \"" + ref + "\" not found in /images (which holds: app)");
        }
        return new Image(ref, "catalog:///images/app", List.of("app"), List.of(), Map.of(), Path.of("/images/app"));
      },
      runtime, (address, port) -> takenPorts.getOrDefault(address + ":" + port, Optional.empty()),
      clock, scheduler, Runnable::run);

  @Test
  void startsTheContainersOfABoundPodAndReportsItRunning() {
    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).hasSize(1);
    LaunchSpec spec = runtime.started.getFirst();
    assertThat(spec.command()).containsExactly("app");
    assertThat(spec.env()).containsEntry("PORT", "20000").containsEntry("POD_IP", "10.0.0.5");
    assertThat(spec.logFile()).isEqualTo(Path.of("/data/pods/default_web_u-1/main/0.log"));
    assertThat(api.events).containsExactly(
        "Normal Pulled Container image \"app\" already present on machine",
        "Normal Created Created container: main",
        "Normal Started Started container main");
    JsonNode status = api.status();
    assertThat(status.path("phase").asString()).isEqualTo("Running");
    assertThat(status.path("podIP").asString()).isEqualTo("10.0.0.5");
    assertThat(status.path("hostIP").asString()).isEqualTo("10.0.0.5");
    assertThat(condition(status, "Ready")).isEqualTo("True");
    JsonNode container = status.path("containerStatuses").get(0);
    assertThat(container.path("containerID").asString()).isEqualTo("process://1000");
    assertThat(container.path("imageID").asString()).isEqualTo("catalog:///images/app");
    assertThat(container.path("ready").asBoolean()).isTrue();
    assertThat(container.path("state").path("running").path("startedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void ignoresPodsBoundToAnotherNode() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).put("nodeName", "node-2");

    pods.onAdd(pod);

    assertThat(runtime.started).isEmpty();
    assertThat(api.statuses).isEmpty();
  }

  @Test
  void anUnknownImageIsErrImagePullThenImagePullBackOff() {
    pods.onAdd(pod("Always", "nginx"));

    assertThat(runtime.started).isEmpty();
    JsonNode waiting = api.status().path("containerStatuses").get(0).path("state").path("waiting");
    assertThat(waiting.path("reason").asString()).isEqualTo("ErrImagePull");
    assertThat(waiting.path("message").asString()).contains("\"nginx\"").contains("/images").contains("app");
    assertThat(api.status().path("phase").asString()).isEqualTo("Pending");
    assertThat(api.events).singleElement().asString().startsWith("Warning Failed Failed to pull image \"nginx\"");

    scheduler.advance(Duration.ofSeconds(10));

    assertThat(api.status().path("containerStatuses").get(0).path("state").path("waiting").path("reason").asString())
        .isEqualTo("ImagePullBackOff");
  }

  @Test
  void restartsACrashingContainerWithTheBackOff() {
    pods.onAdd(pod("Always", "app"));

    runtime.exit(0, 1);
    JsonNode crashed = api.status().path("containerStatuses").get(0);
    assertThat(crashed.path("state").path("waiting").path("reason").asString()).isEqualTo("CrashLoopBackOff");
    assertThat(crashed.path("state").path("waiting").path("message").asString()).contains("back-off 10s");
    assertThat(crashed.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
    assertThat(crashed.path("lastState").path("terminated").path("reason").asString()).isEqualTo("Error");
    assertThat(crashed.path("restartCount").asInt()).isZero();
    assertThat(api.events).last().asString().startsWith("Warning BackOff Back-off restarting failed container main");

    scheduler.advance(Duration.ofSeconds(9));
    assertThat(runtime.started).hasSize(1);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(runtime.started).hasSize(2);
    assertThat(runtime.started.get(1).logFile()).isEqualTo(Path.of("/data/pods/default_web_u-1/main/1.log"));
    assertThat(api.status().path("containerStatuses").get(0).path("restartCount").asInt()).isEqualTo(1);

    runtime.exit(1, 1);
    scheduler.advance(Duration.ofSeconds(19));
    assertThat(runtime.started).hasSize(2);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(runtime.started).hasSize(3);
  }

  @Test
  void neverRestartsAContainerThatCompletedUnderRestartPolicyNever() {
    pods.onAdd(pod("Never", "app"));

    runtime.exit(0, 0);
    scheduler.advance(Duration.ofMinutes(10));

    assertThat(runtime.started).hasSize(1);
    JsonNode status = api.status();
    assertThat(status.path("phase").asString()).isEqualTo("Succeeded");
    JsonNode terminated = status.path("containerStatuses").get(0).path("state").path("terminated");
    assertThat(terminated.path("reason").asString()).isEqualTo("Completed");
    assertThat(terminated.path("exitCode").asInt()).isZero();
  }

  @Test
  void onFailureRestartsOnlyFailures() {
    pods.onAdd(pod("OnFailure", "app"));

    runtime.exit(0, 2);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(runtime.started).hasSize(2);
    runtime.exit(1, 0);
    scheduler.advance(Duration.ofMinutes(10));

    assertThat(runtime.started).hasSize(2);
    assertThat(api.status().path("phase").asString()).isEqualTo("Succeeded");
  }

  @Test
  void stopsTheContainersOfADeletedPodWithItsGracePeriodAndForgetsIt() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).put("terminationGracePeriodSeconds", 7);
    pods.onAdd(pod);

    pods.onDelete(pod);

    assertThat(runtime.stops).containsExactly(Duration.ofSeconds(7));
    assertThat(api.events).last().isEqualTo("Normal Killing Stopping container main");
    assertThat(pods.size()).isEqualTo(1);
    runtime.exit(0, 143);
    assertThat(pods.size()).isZero();
    assertThat(runtime.started).hasSize(1);
  }

  @Test
  void adoptsAContainerThatStillRunsInsteadOfStartingIt() {
    ContainerProcess running = new ContainerProcess(4242, clock.instant(), new CompletableFuture<>(), true);
    runtime.recalled.put(Path.of("/data/pods/default_web_u-1/main"), new Recorded.Running(running, 3));

    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).isEmpty();
    JsonNode container = api.status().path("containerStatuses").get(0);
    assertThat(container.path("containerID").asString()).isEqualTo("process://4242");
    assertThat(container.path("restartCount").asInt()).isEqualTo(3);
    assertThat(api.status().path("phase").asString()).isEqualTo("Running");
  }

  @Test
  void aHostPortTakenByAnotherProcessKeepsTheContainerFromStarting() {
    takenPorts.put("10.0.0.5:20000", Optional.of("Address already in use"));

    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).isEmpty();
    assertThat(api.events).last().asString()
        .startsWith("Warning FailedToStartContainer host port 20000/TCP on 10.0.0.5")
        .contains("pod default/web").contains("Address already in use");

    takenPorts.clear();
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(runtime.started).hasSize(1);
  }

  @Test
  void findsTheLogsOfARunningContainer() {
    pods.onAdd(pod("Always", "app"));

    assertThat(pods.find("default", "web", "main")).get()
        .satisfies(log -> {
          assertThat(log.current()).isEqualTo(Path.of("/data/pods/default_web_u-1/main/0.log"));
          assertThat(log.running().getAsBoolean()).isTrue();
        });
    assertThat(pods.find("default", "web", "")).isPresent();
    assertThat(pods.find("default", "other", "main")).isEmpty();
  }

  @Test
  void stopsAndRemovesWhatPodsNoLongerBoundHereLeftRunning() throws Exception {
    try (var fs = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix())) {
      Path podsDir = fs.getPath("/data/pods");
      Path orphan = podsDir.resolve("default_gone_u-9");
      Path kept = podsDir.resolve("default_web_u-1");
      java.nio.file.Files.createDirectories(orphan.resolve("main"));
      java.nio.file.Files.createDirectories(kept.resolve("main"));
      ContainerProcess left = new ContainerProcess(77, clock.instant(), new CompletableFuture<>(), true);
      runtime.recalled.put(orphan.resolve("main"), new Recorded.Running(left, 0));
      PodManager manager = new PodManager(new PodSettings("node-1", "10.0.0.5", podsDir, "/usr/bin"), api,
          ref -> new Image(ref, "catalog:///images/app", List.of("app"), List.of(), Map.of(), Path.of("/images/app")),
          runtime, (address, port) -> Optional.empty(), clock, scheduler, Runnable::run);
      manager.onAdd(pod("Always", "app"));

      manager.removeOrphans();

      assertThat(runtime.stops).containsExactly(Duration.ofSeconds(30));
      assertThat(java.nio.file.Files.exists(orphan)).as("removed only once stopped").isTrue();
      left.exit().complete(Exit.unknown(clock.instant()));
      assertThat(java.nio.file.Files.exists(orphan)).isFalse();
      assertThat(java.nio.file.Files.exists(kept)).isTrue();
    }
  }

  private static String condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asString().equals(type)) {
        return c.path("status").asString();
      }
    }
    return "";
  }

  private static ObjectNode pod(String restartPolicy, String image) {
    return Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web", "namespace": "default", "uid": "u-1"},
         "spec": {"nodeName": "node-1", "restartPolicy": "%s",
                  "containers": [{"name": "main", "image": "%s",
                                  "ports": [{"containerPort": 8080, "hostPort": 20000}]}]}}
        """.formatted(restartPolicy, image));
  }

  static final class FakeClock implements InstantSource {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Runs tasks when the fake clock passes their time. */
  final class FakeScheduler implements Scheduler {
    private record Task(Instant due, Runnable task, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      boolean[] cancelled = {false};
      tasks.add(new Task(clock.now.plus(delay), task, cancelled));
      return () -> cancelled[0] = true;
    }

    void advance(Duration by) {
      clock.now = clock.now.plus(by);
      for (boolean ran = true; ran; ) {
        ran = false;
        for (Task t : List.copyOf(tasks)) {
          if (!t.due().isAfter(clock.now)) {
            tasks.remove(t);
            if (!t.cancelled()[0]) {
              t.task().run();
              ran = true;
            }
          }
        }
      }
    }
  }

  final class FakeRuntime implements ContainerRuntime {
    final List<LaunchSpec> started = new ArrayList<>();
    final List<ContainerProcess> processes = new ArrayList<>();
    final List<Duration> stops = new ArrayList<>();
    final Map<Path, Recorded> recalled = new HashMap<>();

    @Override
    public ContainerProcess start(Path stateDir, LaunchSpec spec, int restartCount) {
      started.add(spec);
      ContainerProcess p = new ContainerProcess(1000 + processes.size(), clock.instant(), new CompletableFuture<>(), false);
      processes.add(p);
      return p;
    }

    @Override
    public Optional<Recorded> recall(Path stateDir) {
      return Optional.ofNullable(recalled.get(stateDir));
    }

    @Override
    public CompletableFuture<Exit> stop(ContainerProcess process, Duration grace) {
      stops.add(grace);
      return process.exit();
    }

    void exit(int index, int code) {
      processes.get(index).exit().complete(new Exit(code, clock.instant(), true));
    }
  }

  static final class RecordingApi implements PodApi {
    final List<ObjectNode> statuses = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void patchStatus(PodView pod, ObjectNode status) {
      statuses.add(status);
    }

    @Override
    public void event(PodView pod, EventType type, String reason, String message) {
      events.add(type + " " + reason + " " + message);
    }

    @Override
    public void delete(PodView pod) {
      throw new AssertionError("a deleted pod needs no delete");
    }

    ObjectNode status() {
      return statuses.getLast();
    }
  }
}
