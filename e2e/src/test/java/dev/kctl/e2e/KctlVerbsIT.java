package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kctl's exec, logs --timestamps/--since, server-side apply, delete --wait and -v=6 against one
 * real kctld and one real kletd: the verbs that need real processes, WebSockets and a real API
 * server's field management.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KctlVerbsIT {
  private static final String POD = "talker";

  private Path home;
  private Path kctl;
  private KletdCluster cluster;

  @BeforeAll
  void startClusterAndPod(@TempDir Path dir, @TempDir Path launchers) throws Exception {
    home = dir;
    kctl = KletdCluster.launcherRoot(launchers).resolve("bin/kctl");
    cluster = KletdCluster.start(home);
    cluster.api.create(ResourceTypes.PODS, "default", pod(POD));
    await("pod " + POD + " running").atMost(ofSeconds(30)).until(() -> cluster.pid(POD, "main").isPresent());
  }

  private static tools.jackson.databind.node.ObjectNode pod(String name) {
    return Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default", "labels": {"app": "talk"}},
         "spec": {"terminationGracePeriodSeconds": 5,
                  "containers": [{"name": "main", "image": "/bin/sh",
                                  "command": ["/bin/sh", "-c", "echo hello; exec sleep 3600"]}]}}""".formatted(name));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void execRelaysOutputAndExitsWithTheCommandsExitCode() throws Exception {
    Commands.Result result = kctl(null, "exec", POD, "--", "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\ncommand terminated with exit code 3\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void execWithStdinFeedsTheCommandUntilStdinEnds() throws Exception {
    Commands.Result result = kctl("one\ntwo\n", "exec", "-i", POD, "-c", "main", "--", "cat");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("one\ntwo\n");
  }

  @Test
  void logsWithTimestampsAndSinceThroughKctldToKletd() throws Exception {
    Commands.Result stamped = kctl(null, "logs", POD, "--timestamps", "--since=1h");
    Commands.Result bySelector = kctl(null, "logs", "-l", "app=talk", "--prefix");

    assertThat(stamped.exitCode()).as(stamped.stderr()).isZero();
    assertThat(stamped.stdout()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z hello\\n");
    assertThat(bySelector.stdout()).isEqualTo("[pod/" + POD + "/main] hello\n");
  }

  @Test
  void serverSideApplyReportsConflictsAndTakesFieldsOverWithForce() throws Exception {
    Path mine = Files.writeString(home.resolve("mine.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: shared}
        data: {mode: a}
        """);
    Path theirs = Files.writeString(home.resolve("theirs.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: shared}
        data: {mode: b}
        """);
    assertThat(kctl(null, "apply", "--server-side", "-f", mine.toString()).stdout())
        .isEqualTo("configmap/shared serverside-applied\n");

    Commands.Result conflict = kctl(null, "apply", "--server-side", "--field-manager=other", "-f", theirs.toString());
    Commands.Result dryRun = kctl(null, "apply", "--server-side", "--field-manager=other", "--force-conflicts",
        "--dry-run=server", "-f", theirs.toString());
    String modeAfterDryRun = cluster.api.get(ResourceTypes.CONFIGMAPS, "default", "shared").at("/data/mode").asString();
    Commands.Result forced = kctl(null, "apply", "--server-side", "--field-manager=other", "--force-conflicts",
        "-f", theirs.toString());

    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.stderr()).startsWith("error: Apply failed with 1 conflict: conflict with \"kctl\"")
        .contains(".data.mode").contains("--force-conflicts");
    assertThat(dryRun.stdout()).isEqualTo("configmap/shared serverside-applied (server dry run)\n");
    assertThat(modeAfterDryRun).isEqualTo("a");
    assertThat(forced.stdout()).isEqualTo("configmap/shared serverside-applied\n");
    assertThat(cluster.api.get(ResourceTypes.CONFIGMAPS, "default", "shared").at("/data/mode").asString()).isEqualTo("b");
  }

  @Test
  void deleteWaitsUntilThePodsProcessesStoppedAndTheObjectIsGone() throws Exception {
    cluster.api.create(ResourceTypes.PODS, "default", pod("doomed"));
    await("pod doomed running").atMost(ofSeconds(30)).until(() -> cluster.pid("doomed", "main").isPresent());

    Commands.Result result = kctl(null, "delete", "pod", "doomed", "--grace-period=2");

    assertThat(result.stdout()).isEqualTo("pod \"doomed\" deleted\n");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    // No waiting here: kctl returned only once the pod was gone.
    ApiException gone = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
        () -> cluster.api.get(ResourceTypes.PODS, "default", "doomed"));
    assertThat(gone.reason()).isEqualTo(StatusReason.NotFound);
  }

  @Test
  void verbosity6LogsEachRequestWithItsStatusAndTime() throws Exception {
    Commands.Result result = kctl(null, "-v=6", "get", "pods");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stderr()).containsPattern(
        "kctl\\] GET https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/default/pods\\S* 200 OK in \\d+ milliseconds");
  }

  @Test
  void applyRefusesUnknownFieldsAndWrongTypesPointingAtTheirLinesAndStoresNothing() throws Exception {
    Path bad = Files.writeString(home.resolve("typo.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: typo}
        spec:
          replicas: two
          selector: {matchLabels: {app: typo}}
          template:
            metadata: {labels: {app: typo}}
            spec:
              containers:
              - name: c
                image: busybox
                imagePullPolice: Always
        """);
    Commands.Result wrongType = kctl(null, "apply", "-f", bad.toString());
    assertThat(wrongType.exitCode()).isEqualTo(1);
    assertThat(wrongType.stderr()).contains(bad + ":5: spec.replicas: expected an integer, found the string \"two\"");

    Files.writeString(bad, Files.readString(bad).replace("replicas: two", "replicas: 1"));
    Commands.Result unknown = kctl(null, "apply", "-f", bad.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("strict decoding error",
        bad + ":13: spec.template.spec.containers[0].imagePullPolice: unknown field");
    assertThat(kctl(null, "get", "deployment", "typo").stderr()).contains("NotFound");
  }

  private Commands.Result kctl(String stdin, String... args) throws Exception {
    List<String> command = Commands.of(kctl.toString(), "--kubeconfig", home.resolve("server/admin.kubeconfig").toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, stdin);
  }
}
