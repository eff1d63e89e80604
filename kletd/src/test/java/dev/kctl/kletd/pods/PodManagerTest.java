package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.kletd.FakeTime;
import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.probe.Action;
import dev.kctl.kletd.probe.Outcome;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.proxy.ServiceAddress;
import dev.kctl.kletd.runtime.BindMount;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.LaunchSpec;
import dev.kctl.kletd.runtime.Recorded;
import java.nio.file.Path;
import java.time.Duration;
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
  private final java.nio.file.FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(
      com.google.common.jimfs.Configuration.unix());
  private final FakeTime clock = new FakeTime();
  private final FakeTime scheduler = clock;
  private final FakeRuntime runtime = new FakeRuntime();
  private final RecordingApi api = new RecordingApi();
  private final Map<String, Optional<String>> takenPorts = new HashMap<>();
  private final PodManager pods = new PodManager(
      new PodSettings("node-1", "10.0.0.5", fs.getPath("/data/pods"), "/usr/bin", 4000, 8L << 30), api,
      ref -> {
        if (!ref.equals("app")) {
          throw new ImagePullException("image \"" + ref + "\" not found in /images (which holds: app)");
        }
        return new Image(ref, "catalog:///images/app", List.of("app"), List.of(), Map.of(), Path.of("/images/app"));
      },
      runtime, (address, port) -> takenPorts.getOrDefault(address + ":" + port, Optional.empty()),
      this::probe, clock, scheduler, Runnable::run);
  /** What the fake probes answer, by the probe command's first word; absent ones pass. */
  private final Map<String, Boolean> healthy = new HashMap<>();
  private final List<String> probed = new ArrayList<>();

  private Outcome probe(Action action, Target target, Duration timeout) {
    String name = action instanceof Action.Exec exec ? exec.command().getFirst() : action.toString();
    probed.add(name + "@" + target.env().get("POD_NAME"));
    return healthy.getOrDefault(name, true) ? new Outcome.Success("") : new Outcome.Failure(name + " is failing");
  }

  @Test
  void startsTheContainersOfABoundPodAndReportsItRunning() {
    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).hasSize(1);
    LaunchSpec spec = runtime.started.getFirst();
    assertThat(spec.command()).containsExactly("app");
    assertThat(spec.env()).containsEntry("PORT", "20000").containsEntry("POD_IP", "10.0.0.5");
    assertThat(spec.logFile()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/main/0.log"));
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
  void aMissingConfigMapKeepsTheContainerWaitingWithCreateContainerConfigErrorUntilItExists() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("env").addObject().put("name", "A")
        .putObject("valueFrom").putObject("configMapKeyRef").put("name", "x").put("key", "k");

    pods.onAdd(pod);

    assertThat(runtime.started).isEmpty();
    JsonNode waiting = api.status().path("containerStatuses").get(0).path("state").path("waiting");
    assertThat(waiting.path("reason").asString()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting.path("message").asString()).isEqualTo("configmap \"x\" not found");
    assertThat(api.events).last().isEqualTo("Warning Failed Error: configmap \"x\" not found");

    api.objects.put("configmaps/default/x", Json.parseObject("{\"data\": {\"k\": \"v\"}}"));
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(runtime.started).singleElement().satisfies(spec -> assertThat(spec.env()).containsEntry("A", "v"));
  }

  @Test
  void aReadinessProbeGatesTheContainersAndThePodsReadiness() {
    ObjectNode pod = pod("Always", "app");
    container(pod).set("readinessProbe", Json.parseObject("""
        {"exec": {"command": ["ready"]}, "periodSeconds": 5}"""));
    healthy.put("ready", false);

    pods.onAdd(pod);
    scheduler.advance(Duration.ZERO);

    assertThat(probed).containsExactly("ready@web");
    assertThat(condition(api.status(), "Ready")).isEqualTo("False");
    assertThat(condition(api.status(), "ContainersReady")).isEqualTo("False");
    assertThat(api.status().path("containerStatuses").get(0).path("ready").asBoolean()).isFalse();
    assertThat(api.status().path("containerStatuses").get(0).path("started").asBoolean()).isTrue();
    assertThat(api.events).contains("Warning Unhealthy Readiness probe failed: ready is failing");

    healthy.put("ready", true);
    int patches = api.statuses.size();
    scheduler.advance(Duration.ofSeconds(5));

    assertThat(condition(api.status(), "Ready")).isEqualTo("True");
    assertThat(api.status().path("containerStatuses").get(0).path("ready").asBoolean()).isTrue();
    assertThat(api.statuses).as("one patch for the change").hasSize(patches + 1);
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(api.statuses).as("no patch without a change").hasSize(patches + 1);
  }

  @Test
  void aFailedLivenessProbeKillsTheContainerWhichRestartsByItsPolicy() {
    ObjectNode pod = pod("Always", "app");
    container(pod).set("livenessProbe", Json.parseObject("""
        {"exec": {"command": ["alive"]}, "periodSeconds": 1, "failureThreshold": 2}"""));
    healthy.put("alive", false);
    pods.onAdd(pod);

    scheduler.advance(Duration.ZERO);
    assertThat(runtime.stops).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(runtime.stops).containsExactly(Duration.ofSeconds(30));
    assertThat(api.events).contains("Warning Unhealthy Liveness probe failed: alive is failing",
        "Normal Killing Container main failed liveness probe, will be restarted");
    assertThat(api.status().path("containerStatuses").get(0).path("ready").asBoolean()).isFalse();

    healthy.put("alive", true);
    runtime.exit(0, 143);
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(runtime.started).hasSize(2);
    assertThat(api.status().path("containerStatuses").get(0).path("restartCount").asInt()).isEqualTo(1);
    assertThat(api.status().path("containerStatuses").get(0).path("lastState").path("terminated")
        .path("exitCode").asInt()).isEqualTo(143);
  }

  @Test
  void theStartupProbeHoldsTheOtherProbesUntilItPasses() {
    ObjectNode pod = pod("Always", "app");
    container(pod).set("startupProbe", Json.parseObject("""
        {"exec": {"command": ["booted"]}, "periodSeconds": 1, "failureThreshold": 30}"""));
    container(pod).set("livenessProbe", Json.parseObject("""
        {"exec": {"command": ["alive"]}, "periodSeconds": 1, "failureThreshold": 1}"""));
    healthy.put("booted", false);
    healthy.put("alive", false);
    pods.onAdd(pod);

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(probed).containsOnly("booted@web");
    assertThat(runtime.stops).isEmpty();
    JsonNode container = api.status().path("containerStatuses").get(0);
    assertThat(container.path("started").asBoolean()).isFalse();
    assertThat(container.path("ready").asBoolean()).isFalse();

    healthy.put("booted", true);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(api.status().path("containerStatuses").get(0).path("started").asBoolean()).isTrue();
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(probed).contains("alive@web");
    assertThat(api.events).contains("Normal Killing Container main failed liveness probe, will be restarted");
  }

  @Test
  void aStartupProbeThatNeverPassesKillsTheContainer() {
    ObjectNode pod = pod("Never", "app");
    container(pod).set("startupProbe", Json.parseObject("""
        {"exec": {"command": ["booted"]}, "periodSeconds": 2, "failureThreshold": 3,
         "terminationGracePeriodSeconds": 4}"""));
    healthy.put("booted", false);
    pods.onAdd(pod);

    scheduler.advance(Duration.ofSeconds(10));

    assertThat(runtime.stops).containsExactly(Duration.ofSeconds(4));
    assertThat(api.events).contains("Normal Killing Container main failed startup probe");
    runtime.exit(0, 137);
    assertThat(api.status().path("phase").asString()).isEqualTo("Failed");
  }

  @Test
  void initContainersRunOneAtATimeInOrderBeforeTheAppContainers() {
    ObjectNode pod = withInit(pod("Always", "app"), "first", "second");

    pods.onAdd(pod);

    assertThat(runtime.started).extracting(LaunchSpec::logFile)
        .containsExactly(fs.getPath("/data/pods/default_web_u-1/first/0.log"));
    JsonNode status = api.status();
    assertThat(status.path("phase").asString()).isEqualTo("Pending");
    assertThat(condition(status, "Initialized")).isEqualTo("False");
    assertThat(conditionMessage(status, "Initialized")).isEqualTo("containers with incomplete status: [first second]");
    assertThat(status.path("initContainerStatuses").get(0).path("state").has("running")).isTrue();
    assertThat(status.path("initContainerStatuses").get(1).path("state").path("waiting").path("reason").asString())
        .isEqualTo("PodInitializing");
    assertThat(status.path("containerStatuses").get(0).path("state").path("waiting").path("reason").asString())
        .isEqualTo("PodInitializing");

    runtime.exit(0, 0);
    assertThat(runtime.started).hasSize(2);
    assertThat(runtime.started.get(1).logFile()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/second/0.log"));
    runtime.exit(1, 0);

    assertThat(runtime.started).hasSize(3);
    assertThat(runtime.started.get(2).logFile()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/main/0.log"));
    status = api.status();
    assertThat(status.path("phase").asString()).isEqualTo("Running");
    assertThat(condition(status, "Initialized")).isEqualTo("True");
    JsonNode first = status.path("initContainerStatuses").get(0);
    assertThat(first.path("state").path("terminated").path("reason").asString()).isEqualTo("Completed");
    assertThat(first.path("ready").asBoolean()).isTrue();
    assertThat(condition(status, "Ready")).isEqualTo("True");
  }

  @Test
  void aFailedInitContainerRunsAgainWithBackOffUnlessTheRestartPolicyIsNever() {
    pods.onAdd(withInit(pod("Always", "app"), "first"));
    runtime.exit(0, 1);

    assertThat(api.status().path("initContainerStatuses").get(0).path("state").path("waiting").path("reason")
        .asString()).isEqualTo("CrashLoopBackOff");
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(runtime.started).hasSize(2);
    assertThat(runtime.started.get(1).logFile()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/first/1.log"));

    PodManagerTest never = new PodManagerTest();
    ObjectNode pod = withInit(pod("Never", "app"), "first");
    ((ObjectNode) pod.path("metadata")).put("uid", "u-2");
    never.pods.onAdd(pod);
    never.runtime.exit(0, 1);
    never.scheduler.advance(Duration.ofMinutes(10));

    assertThat(never.runtime.started).hasSize(1);
    assertThat(never.api.status().path("phase").asString()).isEqualTo("Failed");
    assertThat(condition(never.api.status(), "Initialized")).isEqualTo("False");
  }

  @Test
  void withoutMountNamespacesVolumesArePassedInEnvWithOneWarningAndUnenforcedLimitsAreReported() {
    runtime.unsupported = Optional.of("not root");
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).set("volumes", Json.parse("[{\"name\": \"scratch-space\", \"emptyDir\": {}}]"));
    container(pod).set("volumeMounts", Json.parse("[{\"name\": \"scratch-space\", \"mountPath\": \"/scratch\"}]"));
    container(pod).set("resources", Json.parse("{\"limits\": {\"memory\": \"64Mi\", \"cpu\": \"500m\"}}"));

    pods.onAdd(pod);
    runtime.exit(0, 1);
    scheduler.advance(Duration.ofSeconds(10));

    LaunchSpec spec = runtime.started.getLast();
    assertThat(spec.mounts()).isEmpty();
    assertThat(spec.env()).containsEntry("KCTL_VOLUME_SCRATCH_SPACE", "/data/pods/default_web_u-1/volumes/scratch-space");
    assertThat(spec.limits()).isEqualTo(new dev.kctl.kletd.runtime.ResourceLimits(64L << 20, 500, 0));
    assertThat(api.events.stream().filter(e -> e.startsWith("Warning VolumeMountsUnsupported"))).singleElement()
        .asString().contains("not root").contains("/scratch").contains("$KCTL_VOLUME_SCRATCH_SPACE");
    assertThat(api.events.stream().filter(e -> e.startsWith("Warning ResourceLimitsNotEnforced"))).singleElement()
        .asString().contains("ResourceLimitsNotEnforced: the limits of pod default/web").contains("no cgroups");
  }

  @Test
  void volumesAreMountedAtTheirMountPathReadOnlyForConfigMapsOnceTheirSourcesExist() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).set("volumes", Json.parse("""
        [{"name": "config", "configMap": {"name": "settings"}}, {"name": "scratch", "emptyDir": {}}]"""));
    container(pod).set("volumeMounts", Json.parse("""
        [{"name": "config", "mountPath": "/etc/app"}, {"name": "scratch", "mountPath": "/tmp/s"}]"""));
    Path volumes = fs.getPath("/data/pods/default_web_u-1/volumes");

    pods.onAdd(pod);

    assertThat(runtime.started).isEmpty();
    assertThat(api.events).containsExactly(
        "Warning FailedMount MountVolume.SetUp failed for volume \"config\" : configmap \"settings\" not found");
    assertThat(api.status().path("containerStatuses").get(0).path("state").path("waiting").path("reason").asString())
        .isEqualTo("ContainerCreating");

    api.objects.put("configmaps/default/settings", Json.parseObject("{\"data\": {\"k\": \"v\"}}"));
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(runtime.started).singleElement().satisfies(spec -> assertThat(spec.mounts()).containsExactly(
        new dev.kctl.kletd.runtime.BindMount(volumes.resolve("config"), "/etc/app", true),
        new dev.kctl.kletd.runtime.BindMount(volumes.resolve("scratch"), "/tmp/s", false)));
  }

  @Test
  void subPathMountsShowOneKeyOfAConfigMapAsAFileAndSubPathExprAFolderNamedFromTheEnv() {
    api.objects.put("configmaps/default/settings", Json.parseObject("{\"data\": {\"config.yaml\": \"a: 1\"}}"));
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).set("volumes", Json.parse("""
        [{"name": "config", "configMap": {"name": "settings"}}, {"name": "scratch", "emptyDir": {}}]"""));
    container(pod).set("env", Json.parse("[{\"name\": \"SHARD\", \"value\": \"s1\"}]"));
    container(pod).set("volumeMounts", Json.parse("""
        [{"name": "config", "mountPath": "/etc/app/config.yaml", "subPath": "config.yaml"},
         {"name": "scratch", "mountPath": "/data", "subPathExpr": "shards/$(SHARD)"}]"""));
    Path volumes = fs.getPath("/data/pods/default_web_u-1/volumes");

    pods.onAdd(pod);

    assertThat(runtime.started).singleElement().satisfies(spec -> assertThat(spec.mounts()).containsExactly(
        new BindMount(volumes.resolve("config/config.yaml"), "/etc/app/config.yaml", true),
        new BindMount(volumes.resolve("scratch/shards/s1"), "/data", false)));
    assertThat(java.nio.file.Files.isDirectory(volumes.resolve("scratch/shards/s1"))).isTrue();
  }

  @Test
  void aSubPathOutsideItsVolumeKeepsTheContainerWaitingWithCreateContainerConfigError() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).set("volumes", Json.parse("[{\"name\": \"scratch\", \"emptyDir\": {}}]"));
    container(pod).set("volumeMounts", Json.parse("""
        [{"name": "scratch", "mountPath": "/data", "subPath": "../../etc"}]"""));

    pods.onAdd(pod);

    assertThat(runtime.started).isEmpty();
    JsonNode waiting = api.status().path("containerStatuses").get(0).path("state").path("waiting");
    assertThat(waiting.path("reason").asString()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting.path("message").asString()).isEqualTo(
        "subPath \"../../etc\" of volumeMount \"scratch\" must not contain '..'");
  }

  @Test
  void aPodGetsAHostsFileOverEtcHostsRewrittenInPlaceWhenServicesChange() throws Exception {
    api.names = Optional.of(List.of(new ServiceAddress("default", "db", List.of("127.96.0.9"))));
    Path hosts = fs.getPath("/data/pods/default_web_u-1/etc-hosts");

    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).singleElement().satisfies(spec -> assertThat(spec.mounts())
        .containsExactly(new BindMount(hosts, "/etc/hosts", true)));
    assertThat(java.nio.file.Files.readString(hosts))
        .contains("\n10.0.0.5\tweb\n")
        .contains("\n127.96.0.9\tdb.default.svc.cluster.local db.default.svc db.default db\n");
    Object inode = java.nio.file.Files.getAttribute(hosts, "fileKey");

    api.names = Optional.of(List.of(new ServiceAddress("default", "db", List.of("127.96.0.9")),
        new ServiceAddress("shop", "api", List.of("127.96.0.10"))));
    pods.serviceNamesChanged();

    assertThat(java.nio.file.Files.readString(hosts))
        .contains("\n127.96.0.10\tapi.shop.svc.cluster.local api.shop.svc api.shop\n");
    assertThat(java.nio.file.Files.getAttribute(hosts, "fileKey")).isEqualTo(inode);
    assertThat(runtime.started).as("the running container keeps running").hasSize(1);
  }

  @Test
  void withoutMountNamespacesAContainerFindsTheHostsFileInKctlHostsFileAndAWarningSaysWhy() {
    runtime.unsupported = Optional.of("kletd is not root");
    api.names = Optional.of(List.of());

    pods.onAdd(pod("Always", "app"));

    assertThat(runtime.started).singleElement().satisfies(spec -> {
      assertThat(spec.mounts()).isEmpty();
      assertThat(spec.env()).containsEntry("KCTL_HOSTS_FILE", "/data/pods/default_web_u-1/etc-hosts");
    });
    assertThat(api.events.stream().filter(e -> e.startsWith("Warning ServiceNamesUnavailable"))).singleElement()
        .asString().contains("not available through /etc/hosts").contains("kletd is not root")
        .contains("-Djdk.net.hosts.file=$KCTL_HOSTS_FILE");
  }

  @Test
  void aFailedPostStartHookKillsTheContainerAndAPassedOneLetsItsProbesBegin() {
    ObjectNode pod = pod("Always", "app");
    container(pod).set("lifecycle", Json.parse("{\"postStart\": {\"exec\": {\"command\": [\"setup\"]}}}"));
    container(pod).set("readinessProbe", Json.parse("{\"exec\": {\"command\": [\"ready\"]}}"));
    healthy.put("setup", false);

    pods.onAdd(pod);

    assertThat(api.events).anySatisfy(e -> assertThat(e).startsWith("Warning FailedPostStartHook Exec lifecycle hook"
        + " ([setup]) for Container \"main\" in Pod \"web_default(u-1)\" failed"));
    assertThat(api.events).contains("Normal Killing FailedPostStartHook");
    assertThat(runtime.stops).hasSize(1);
    scheduler.advance(Duration.ZERO);
    assertThat(probed).containsExactly("setup@web");

    healthy.put("setup", true);
    runtime.exit(0, 143);
    scheduler.advance(Duration.ofSeconds(10));
    scheduler.advance(Duration.ZERO);

    assertThat(probed).containsExactly("setup@web", "setup@web", "ready@web");
    assertThat(condition(api.status(), "Ready")).isEqualTo("True");
  }

  @Test
  void thePreStopHookRunsBeforeTheStopWithinTheGracePeriod() {
    ObjectNode pod = pod("Always", "app");
    ((ObjectNode) pod.path("spec")).put("terminationGracePeriodSeconds", 7);
    container(pod).set("lifecycle", Json.parse("{\"preStop\": {\"exec\": {\"command\": [\"drain\"]}}}"));
    pods.onAdd(pod);

    pods.onDelete(pod);

    assertThat(probed).containsExactly("drain@web");
    assertThat(runtime.stops).containsExactly(Duration.ofSeconds(7));
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
    assertThat(runtime.started.get(1).logFile()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/main/1.log"));
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
    runtime.recalled.put(fs.getPath("/data/pods/default_web_u-1/main"), new Recorded.Running(running, 3));

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
          assertThat(log.current()).isEqualTo(fs.getPath("/data/pods/default_web_u-1/main/0.log"));
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
      PodManager manager = new PodManager(new PodSettings("node-1", "10.0.0.5", podsDir, "/usr/bin", 4000, 8L << 30), api,
          ref -> new Image(ref, "catalog:///images/app", List.of("app"), List.of(), Map.of(), Path.of("/images/app")),
          runtime, (address, port) -> Optional.empty(), this::probe, clock, scheduler, Runnable::run);
      manager.onAdd(pod("Always", "app"));

      manager.removeOrphans();

      assertThat(runtime.stops).containsExactly(Duration.ofSeconds(30));
      assertThat(java.nio.file.Files.exists(orphan)).as("removed only once stopped").isTrue();
      left.exit().complete(Exit.unknown(clock.instant()));
      assertThat(java.nio.file.Files.exists(orphan)).isFalse();
      assertThat(java.nio.file.Files.exists(kept)).isTrue();
    }
  }

  private static ObjectNode withInit(ObjectNode pod, String... names) {
    var inits = ((ObjectNode) pod.path("spec")).putArray("initContainers");
    for (String name : names) {
      inits.addObject().put("name", name).put("image", "app");
    }
    return pod;
  }

  private static String conditionMessage(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asString().equals(type)) {
        return c.path("message").asString();
      }
    }
    return "";
  }

  private static ObjectNode container(ObjectNode pod) {
    return (ObjectNode) pod.path("spec").path("containers").get(0);
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

  final class FakeRuntime implements ContainerRuntime {
    final List<LaunchSpec> started = new ArrayList<>();
    final List<ContainerProcess> processes = new ArrayList<>();
    final List<Duration> stops = new ArrayList<>();
    final Map<Path, Recorded> recalled = new HashMap<>();
    Optional<String> unsupported = Optional.empty();

    @Override
    public Optional<String> mountsUnsupported() {
      return unsupported;
    }

    @Override
    public Optional<String> limitsUnsupported() {
      return unsupported.map(why -> "no cgroups: " + why);
    }

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
    /** What {@link #serviceNames} answers; empty (no hosts files) unless a test sets it. */
    Optional<List<ServiceAddress>> names = Optional.empty();

    @Override
    public Optional<List<ServiceAddress>> serviceNames() {
      return names;
    }

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

    final Map<String, ObjectNode> objects = new HashMap<>();

    @Override
    public Optional<ObjectNode> get(dev.kctl.api.ResourceType type, String namespace, String name) {
      return Optional.ofNullable(objects.get(type.resource() + "/" + namespace + "/" + name));
    }

    ObjectNode status() {
      return statuses.getLast();
    }
  }
}
