package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet's lifecycle rules with one real kctld and one real kletd: every pod is created up
 * front (so their waits overlap), then each test checks one behaviour through the API, the
 * container logs and the processes themselves. Containers are {@code /bin/sh} scripts (an image
 * given as an absolute path to an executable).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KletdLifecycleIT {
  private Path home;
  private KletdCluster cluster;
  private Path mnt;

  @BeforeAll
  void startClusterAndPods(@TempDir Path dir) throws Exception {
    home = dir;
    cluster = KletdCluster.start(home);
    mnt = home.resolve("mnt");
    create("""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "e2e-config", "namespace": "default"},
         "data": {"mode": "fast", "greeting": "hello-1"}}""");
    create("""
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "e2e-secret", "namespace": "default"},
         "stringData": {"password": "s3cr3t"}}""");
    create(pod("env-volumes", "Always", """
        "initContainers": [
          {"name": "first", "image": "/bin/sh", "command": ["/bin/sh", "-c", "echo init-first-ran; echo first > MNT/work/order"],
           "volumeMounts": [{"name": "work", "mountPath": "MNT/work"}]},
          {"name": "second", "image": "/bin/sh", "command": ["/bin/sh", "-c", "echo init-second-ran; echo second >> MNT/work/order"],
           "volumeMounts": [{"name": "work", "mountPath": "MNT/work"}]}],
        "volumes": [{"name": "work", "emptyDir": {}},
                    {"name": "config", "configMap": {"name": "e2e-config"}},
                    {"name": "secret", "secret": {"secretName": "e2e-secret"}},
                    {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}],
        "containers": [{"name": "main", "image": "/bin/sh",
          "command": ["/bin/sh", "-c", "echo env FROM_CM=$FROM_CM PASS=$PASS CPU=$CPU_LIMIT LABEL=$MY_LABEL CFG_mode=$CFG_mode; echo order $(cat MNT/work/order); echo secret $(cat MNT/secret/password); echo labels $(cat MNT/info/labels); while true; do echo greeting=$(cat MNT/config/greeting); sleep 1; done"],
          "env": [{"name": "FROM_CM", "valueFrom": {"configMapKeyRef": {"name": "e2e-config", "key": "mode"}}},
                  {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "e2e-secret", "key": "password"}}},
                  {"name": "CPU_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
                  {"name": "MY_LABEL", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}}],
          "envFrom": [{"configMapRef": {"name": "e2e-config"}, "prefix": "CFG_"}],
          "resources": {"limits": {"cpu": "500m", "memory": "64Mi"}},
          "volumeMounts": [{"name": "work", "mountPath": "MNT/work"}, {"name": "config", "mountPath": "MNT/config"},
                           {"name": "secret", "mountPath": "MNT/secret"}, {"name": "info", "mountPath": "MNT/info"}]}]"""));
    create(pod("readiness", "Always", """
        "containers": [{"name": "main", "image": "/bin/sh", "command": ["/bin/sh", "-c", "exec sleep 600"],
          "readinessProbe": {"exec": {"command": ["test", "-f", "HOME/ready-flag"]}, "periodSeconds": 1}}]"""));
    create(pod("liveness", "Always", """
        "containers": [{"name": "main", "image": "/bin/sh", "command": ["/bin/sh", "-c", "exec sleep 600"],
          "livenessProbe": {"exec": {"command": ["test", "-f", "HOME/never-there"]}, "periodSeconds": 1,
                            "failureThreshold": 2}}]"""));
    create(pod("crasher", "Always", """
        "containers": [{"name": "main", "image": "/bin/sh", "command": ["/bin/sh", "-c", "echo crashing; exit 3"]}]"""));
    create(pod("stubborn", "Always", """
        "terminationGracePeriodSeconds": 3,
        "containers": [{"name": "main", "image": "/bin/sh",
          "command": ["/bin/sh", "-c", "trap 'echo term > HOME/term-seen' TERM; echo trapping; while true; do sleep 1; done"]}]"""));
    create(pod("hog", "Never", """
        "containers": [{"name": "main", "image": "/bin/sh",
          "command": ["/bin/sh", "-c", "head -c 200000000 /dev/zero | tail > /dev/null"],
          "resources": {"limits": {"memory": "32Mi"}}}]"""));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void initContainersRunInOrderBeforeTheAppAndTheirOutputIsInTheirLogs() throws Exception {
    awaitRunning("env-volumes");

    JsonNode inits = cluster.pod("env-volumes").path("status").path("initContainerStatuses");
    assertThat(inits).hasSize(2).allSatisfy(s -> {
      assertThat(s.path("state").path("terminated").path("reason").asString()).isEqualTo("Completed");
      assertThat(s.path("ready").asBoolean()).isTrue();
    });
    assertThat(condition(cluster.pod("env-volumes"), "Initialized")).isEqualTo("True");
    assertThat(logs("env-volumes", "first")).contains("init-first-ran");
    assertThat(logs("env-volumes", "second")).contains("init-second-ran");
    await("main printed the order").atMost(ofSeconds(30)).until(() -> logs("env-volumes", "main").contains("order"));
    assertThat(logs("env-volumes", "main")).contains("order first second");
  }

  @Test
  @Order(2)
  void theProcessSeesItsEnvironmentAndItsVolumesAtTheirMountPaths() throws Exception {
    awaitRunning("env-volumes");
    await("main printed its greeting").atMost(ofSeconds(30))
        .until(() -> logs("env-volumes", "main").contains("greeting=hello-1"));

    String log = logs("env-volumes", "main");
    assertThat(log).contains("env FROM_CM=fast PASS=s3cr3t CPU=500 LABEL=e2e CFG_mode=fast")
        .contains("secret s3cr3t")
        .contains("labels app=\"e2e\"");
    try (Stream<Path> onNode = Files.list(mnt.resolve("config"))) {
      assertThat(onNode).as("mounted in the container's namespace only").isEmpty();
    }

    cluster.api.patch(ResourceTypes.CONFIGMAPS, "default", "e2e-config", PatchType.MERGE,
        Json.parseObject("{\"data\": {\"greeting\": \"hello-2\"}}"), null);

    await("the updated ConfigMap reaches the volume").atMost(ofSeconds(30))
        .until(() -> logs("env-volumes", "main").contains("greeting=hello-2"));
  }

  @Test
  @Order(3)
  void aReadinessProbeGatesTheReadyCondition() throws Exception {
    awaitRunning("readiness");
    await("readiness probed failing").atMost(ofSeconds(20)).until(() -> events("readiness").stream()
        .anyMatch(e -> e.startsWith("Unhealthy Readiness probe failed")));
    assertThat(condition(cluster.pod("readiness"), "Ready")).isEqualTo("False");
    assertThat(condition(cluster.pod("readiness"), "ContainersReady")).isEqualTo("False");

    Files.writeString(home.resolve("ready-flag"), "");

    await("pod Ready").atMost(ofSeconds(20)).until(() -> condition(cluster.pod("readiness"), "Ready").equals("True"));
    assertThat(cluster.pod("readiness").path("status").path("containerStatuses").get(0).path("ready").asBoolean())
        .isTrue();
  }

  @Test
  @Order(4)
  void aFailingLivenessProbeRestartsTheContainer() {
    await("liveness restarted").atMost(ofSeconds(60)).until(() -> restartCount("liveness") >= 1);

    assertThat(events("liveness")).anyMatch(e -> e.startsWith("Unhealthy Liveness probe failed"))
        .contains("Killing Container main failed liveness probe, will be restarted");
  }

  @Test
  @Order(5)
  void aCrashingContainerIsInCrashLoopBackOff() {
    await("crash loop").atMost(ofSeconds(60)).until(() -> restartCount("crasher") >= 1
        && waitingReason("crasher").equals("CrashLoopBackOff"));

    JsonNode status = cluster.pod("crasher").path("status").path("containerStatuses").get(0);
    assertThat(status.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(3);
    assertThat(status.path("lastState").path("terminated").path("reason").asString()).isEqualTo("Error");
    assertThat(status.path("state").path("waiting").path("message").asString()).startsWith("back-off ");
    assertThat(events("crasher")).anyMatch(e -> e.startsWith("BackOff Back-off restarting failed container main"));
  }

  @Test
  @Order(6)
  void aMemoryHogOverItsLimitIsOomKilled() {
    await("hog ended").atMost(ofSeconds(60))
        .until(() -> cluster.pod("hog").path("status").path("phase").asString("").equals("Failed"));

    JsonNode terminated = cluster.pod("hog").path("status").path("containerStatuses").get(0).path("state")
        .path("terminated");
    assertThat(terminated.path("reason").asString()).isEqualTo("OOMKilled");
    assertThat(terminated.path("exitCode").asInt()).isEqualTo(137);
  }

  @Test
  @Order(7)
  void deletionSendsSigtermThenSigkillAfterTheGracePeriod() throws Exception {
    awaitRunning("stubborn");
    await("trap set").atMost(ofSeconds(20)).until(() -> logs("stubborn", "main").contains("trapping"));
    long pid = cluster.pid("stubborn", "main").orElseThrow();

    Instant deleted = Instant.now();
    cluster.api.delete(ResourceTypes.PODS, "default", "stubborn");

    await("SIGTERM seen").atMost(ofSeconds(10)).until(() -> Files.exists(home.resolve("term-seen")));
    await("still running within the grace period").during(Duration.ofSeconds(1)).atMost(ofSeconds(2))
        .until(() -> alive(pid));
    await("killed after the grace period").atMost(ofSeconds(15)).until(() -> !alive(pid));
    assertThat(Duration.between(deleted, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    await("pod removed").atMost(ofSeconds(20)).until(() -> cluster.api.list(ResourceTypes.PODS, "default",
        ListOptions.NONE.withFieldSelector("metadata.name=stubborn")).path("items").isEmpty());
  }

  @Test
  @Order(8)
  void aKletdKilledWithSigkillComesBackAndAdoptsItsRunningContainers() throws Exception {
    awaitRunning("env-volumes");
    long pid = cluster.pid("env-volumes", "main").orElseThrow();
    int restarts = restartCount("env-volumes");
    long kletdPid = cluster.kletd().pid();

    ProcessHandle.of(kletdPid).orElseThrow().destroyForcibly();
    await("kletd gone").atMost(ofSeconds(10)).until(() -> !cluster.kletd().isAlive());
    assertThat(alive(pid)).as("containers outlive kletd").isTrue();
    Daemon next = cluster.startKletd();

    next.awaitLine("adopted container main \\(pid " + pid + "\\)", ofSeconds(60));
    assertThat(cluster.pid("env-volumes", "main")).contains(pid);
    assertThat(restartCount("env-volumes")).isEqualTo(restarts);
    int before = logs("env-volumes", "main").split("greeting=").length;
    await("still greeting").atMost(ofSeconds(10)).until(() -> logs("env-volumes", "main").split("greeting=").length
        > before);
  }

  private void create(String json) {
    ObjectNode object = Json.parseObject(json);
    var type = switch (object.path("kind").asString("")) {
      case "ConfigMap" -> ResourceTypes.CONFIGMAPS;
      case "Secret" -> ResourceTypes.SECRETS;
      default -> ResourceTypes.PODS;
    };
    cluster.api.create(type, "default", object);
  }

  private String pod(String name, String restartPolicy, String spec) {
    String body = spec.replace("MNT", mnt.toString()).replace("HOME", home.toString());
    return """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "%s", "namespace": "default", "labels": {"app": "e2e"}},
         "spec": {"restartPolicy": "%s", %s}}""".formatted(name, restartPolicy, body);
  }

  private void awaitRunning(String pod) {
    await("pod " + pod + " Running").atMost(ofSeconds(60))
        .failFast("kletd exited:\n" + cluster.kletd().tail(), () -> !cluster.kletd().isAlive())
        .until(() -> cluster.pod(pod).path("status").path("phase").asString("").equals("Running")
            && cluster.pid(pod, "main").isPresent());
  }

  private String logs(String pod, String container) throws Exception {
    try (InputStream in = cluster.api.logs("default", pod, new LogOptions(container, false, -1, false))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> events(String pod) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : cluster.api.list(ResourceTypes.EVENTS, "default", ListOptions.NONE).path("items")) {
      if (e.path("involvedObject").path("name").asString("").equals(pod)) {
        out.add(e.path("reason").asString("") + " " + e.path("message").asString(""));
      }
    }
    return out;
  }

  private int restartCount(String pod) {
    return cluster.pod(pod).path("status").path("containerStatuses").path(0).path("restartCount").asInt(0);
  }

  private String waitingReason(String pod) {
    return cluster.pod(pod).path("status").path("containerStatuses").path(0).path("state").path("waiting")
        .path("reason").asString("");
  }

  private static String condition(JsonNode pod, String type) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asString("").equals(type)) {
        return c.path("status").asString("");
      }
    }
    return "";
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
