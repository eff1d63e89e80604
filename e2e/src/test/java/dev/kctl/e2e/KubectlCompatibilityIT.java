package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against a real kctld, with default flags: the commands a Kubernetes user types
 * every day must work and print what they print against kube-apiserver. Pods run on two
 * simulated nodes (kletd --simulate), which report them Running without processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlCompatibilityIT {
  static final Path ROOT = WalkingSkeletonIT.ROOT;

  @TempDir static Path home;
  final List<Daemon> daemons = new ArrayList<>();
  Path kubeconfig;

  @BeforeAll
  void startCluster() throws Exception {
    Daemon kctld = Daemon.start("kctld", home, ROOT,
        List.of("kctld", "--data-dir", home.resolve("server").toString(), "--listen", "127.0.0.1:0"));
    daemons.add(kctld);
    String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    kubeconfig = home.resolve("server/admin.kubeconfig");
    daemons.add(Daemon.start("kletd", home, ROOT, List.of("kletd", "--server", url,
        "--token-file", home.resolve("server/node-token").toString(),
        "--data-dir", home.resolve("node").toString(), "--node-name", "sim", "--simulate", "2")));
    await("two simulated nodes Ready").atMost(ofSeconds(60)).until(() ->
        kubectl("get", "nodes", "--no-headers").stdout().lines().filter(l -> l.contains(" Ready ")).count() == 2);
  }

  @AfterAll
  void stopCluster() {
    daemons.reversed().forEach(Daemon::close);
  }

  @Test
  void applyReportsCreatedThenUnchangedThenConfigured() throws Exception {
    Path manifest = home.resolve("web.yaml");
    Files.writeString(manifest, deployment("web", 2, "tomcat"));
    assertThat(ok("apply", "-f", manifest.toString())).contains("deployment.apps/web created");
    assertThat(ok("apply", "-f", manifest.toString())).contains("deployment.apps/web unchanged");
    Files.writeString(manifest, deployment("web", 3, "tomcat"));
    assertThat(ok("apply", "-f", manifest.toString())).contains("deployment.apps/web configured");
    await("3 web pods Running").atMost(ofSeconds(60)).until(() ->
        ok("get", "pods", "-l", "app=web", "--no-headers").lines().filter(l -> l.contains("Running")).count() == 3);
    ok("wait", "--for=condition=Available", "deployment/web", "--timeout=60s");

    assertThat(ok("get", "deploy", "web")).containsPattern("web\\s+3/3\\s+3\\s+3\\s+");
    assertThat(ok("get", "deploy", "web", "-o", "wide")).contains("CONTAINERS", "IMAGES", "SELECTOR", "app=web");
    assertThat(ok("get", "deploy", "web", "-o", "yaml")).contains("kind: Deployment", "replicas: 3");
    assertThat(ok("get", "deploy", "web", "-o", "json")).contains("\"kind\": \"Deployment\"");
    assertThat(ok("get", "deploy", "web", "-o", "name")).isEqualTo("deployment.apps/web\n");
    assertThat(ok("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).isEqualTo("tomcat");
    assertThat(ok("get", "pods", "-l", "app=web", "-o", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"))
        .startsWith("NAME").contains("sim-");
    assertThat(ok("get", "pods", "-A", "--field-selector", "status.phase=Running", "--sort-by=.metadata.name"))
        .startsWith("NAMESPACE").contains("default");
    // kubectl pages its table requests: every page must carry the next one's continue token.
    assertThat(ok("get", "pods", "-l", "app=web", "--chunk-size=1", "--no-headers").lines()).hasSize(3);
    assertThat(ok("describe", "deployment", "web")).contains("ScalingReplicaSet", "Replicas:");
    String pod = ok("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");
    assertThat(ok("describe", "pod", pod)).contains("Scheduled", "Successfully assigned default/" + pod);
  }

  @Test
  void serverSideApplyOwnsFieldsAndReportsConflictsUntilForced() throws Exception {
    Path manifest = home.resolve("ssa.yaml");
    Files.writeString(manifest, deployment("ssa", 2, "tomcat"));
    assertThat(ok("apply", "--server-side", "-f", manifest.toString())).contains("deployment.apps/ssa serverside-applied");
    Path other = home.resolve("ssa-other.yaml");
    Files.writeString(other, deployment("ssa", 4, "tomcat"));
    Commands.Result conflict = kubectl("apply", "--server-side", "--field-manager=other", "-f", other.toString());
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.stderr()).contains("conflict", ".spec.replicas", "kubectl");
    assertThat(ok("get", "deployment", "ssa", "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
    ok("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other.toString());
    assertThat(ok("get", "deployment", "ssa", "-o", "jsonpath={.spec.replicas}")).isEqualTo("4");
    assertThat(ok("get", "deployment", "ssa", "-o", "yaml", "--show-managed-fields")).contains("manager: other");
  }

  @Test
  void labelAnnotatePatchEditAndScaleChangeTheObject() throws Exception {
    ok("create", "deployment", "edit-me", "--image=tomcat", "--replicas=1");
    ok("label", "deployment", "edit-me", "tier=front");
    ok("annotate", "deployment", "edit-me", "owner=team-a");
    assertThat(ok("get", "deployment", "edit-me", "--show-labels")).contains("tier=front");
    ok("patch", "deployment", "edit-me", "-p", "{\"spec\":{\"minReadySeconds\":5}}");
    ok("patch", "deployment", "edit-me", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merged\":\"yes\"}}}");
    ok("patch", "deployment", "edit-me", "--type=json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/revisionHistoryLimit\",\"value\":3}]");
    Path editor = home.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/minReadySeconds: 5/minReadySeconds: 7/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Commands.Result edited = Commands.run(home, kubectlCommand("edit", "deployment", "edit-me"), null,
        java.util.Map.of("KUBE_EDITOR", editor.toString()));
    assertThat(edited.exitCode()).as(edited.stderr()).isZero();
    ok("scale", "deployment", "edit-me", "--replicas=2");
    String json = ok("get", "deployment", "edit-me", "-o",
        "jsonpath={.metadata.labels.merged},{.metadata.annotations.owner},{.spec.minReadySeconds},{.spec.revisionHistoryLimit},{.spec.replicas}");
    assertThat(json).isEqualTo("yes,team-a,7,3,2");
  }

  @Test
  void diffShowsTheChangeAndDeleteHonoursEachCascadeMode() throws Exception {
    Path manifest = home.resolve("cascade.yaml");
    Files.writeString(manifest, deployment("cascade", 1, "tomcat"));
    ok("apply", "-f", manifest.toString());
    Files.writeString(manifest, deployment("cascade", 2, "tomcat"));
    Commands.Result diff = kubectl("diff", "-f", manifest.toString());
    assertThat(diff.exitCode()).as("kubectl diff exits 1 when there are differences").isEqualTo(1);
    assertThat(diff.stdout()).contains("-  replicas: 1", "+  replicas: 2");
    assertThat(ok("get", "deployment", "cascade", "-o", "jsonpath={.spec.replicas}")).as("diff changes nothing").isEqualTo("1");

    await("cascade's replica set").atMost(ofSeconds(30)).until(() ->
        !ok("get", "rs", "-l", "app=cascade", "-o", "name").isBlank());
    ok("delete", "deployment", "cascade", "--cascade=orphan");
    assertThat(ok("get", "rs", "-l", "app=cascade", "-o", "jsonpath={.items[0].metadata.ownerReferences}"))
        .as("an orphaned replica set keeps running without its owner").isEmpty();

    ok("apply", "-f", manifest.toString());
    await("adopted or new replica set").atMost(ofSeconds(30)).until(() ->
        ok("get", "rs", "-l", "app=cascade", "-o", "name").lines().count() >= 1);
    ok("delete", "deployment", "cascade", "--cascade=foreground");
    await("foreground deletion removed the deployment after its dependents").atMost(ofSeconds(60)).until(() ->
        kubectl("get", "deployment", "cascade").stderr().contains("NotFound"));
  }

  @Test
  void watchSeesAddedModifiedAndDeleted() throws Exception {
    Process watch = new ProcessBuilder(kubectlCommand("get", "configmaps", "-w", "--output-watch-events", "--no-headers"))
        .redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("read failed: " + e);
      }
    });
    try {
      await("watch started").atMost(ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("kube-root") || l.contains("ADDED")) || isWatching(watch));
      ok("create", "configmap", "watched", "--from-literal=a=1");
      await("ADDED").atMost(ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.startsWith("ADDED") && l.contains("watched")));
      ok("patch", "configmap", "watched", "-p", "{\"data\":{\"a\":\"2\"}}");
      await("MODIFIED").atMost(ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.startsWith("MODIFIED") && l.contains("watched")));
      ok("delete", "configmap", "watched");
      await("DELETED").atMost(ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.startsWith("DELETED") && l.contains("watched")));
    } finally {
      watch.destroyForcibly().onExit().join();
      reader.join();
    }
  }

  @Test
  void discoveryExplainVersionAndCreateCommandsWork() throws Exception {
    assertThat(ok("api-resources")).contains("deployments", "deploy", "apps/v1", "configmaps", "cm");
    assertThat(ok("api-versions")).contains("apps/v1", "batch/v1", "v1");
    assertThat(ok("explain", "pod.spec.containers")).contains("KIND:", "Pod");
    assertThat(ok("version")).contains("Server Version: v1.32");
    assertThat(ok("create", "namespace", "team-b")).contains("namespace/team-b created");
    assertThat(ok("create", "configmap", "conf", "-n", "team-b", "--from-literal=k=v")).contains("configmap/conf created");
    assertThat(ok("create", "secret", "generic", "pw", "-n", "team-b", "--from-literal=p=s3cret")).contains("secret/pw created");
    assertThat(ok("get", "secret", "pw", "-n", "team-b", "-o", "jsonpath={.data.p}")).isEqualTo("czNjcmV0");
    assertThat(ok("create", "deployment", "exposed", "--image=tomcat", "--port=8080")).contains("created");
    assertThat(ok("expose", "deployment", "exposed", "--port=80", "--target-port=8080")).contains("service/exposed exposed");
  }

  @Test
  void badInputIsRefusedWithTheKubernetesErrorAndChangesNothing() throws Exception {
    Path bad = home.resolve("bad.yaml");
    Files.writeString(bad, deployment("bad", -1, "tomcat"));
    Commands.Result result = kubectl("apply", "-f", bad.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("is invalid", "spec.replicas");
    assertThat(kubectl("get", "deployment", "bad").stderr()).contains("NotFound");
  }

  private boolean isWatching(Process watch) {
    return watch.isAlive();
  }

  private String ok(String... args) throws Exception {
    Commands.Result result = kubectl(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exitCode()
          + "\nstdout: " + result.stdout() + "\nstderr: " + result.stderr());
    }
    return result.stdout();
  }

  private Commands.Result kubectl(String... args) throws Exception {
    return Commands.run(home, kubectlCommand(args), null);
  }

  private List<String> kubectlCommand(String... args) {
    List<String> command = Commands.of("kubectl", "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return command;
  }

  static String deployment(String name, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              containers:
              - name: app
                image: %s
                ports:
                - containerPort: 8080
        """.formatted(name, replicas, name, name, image);
  }
}
