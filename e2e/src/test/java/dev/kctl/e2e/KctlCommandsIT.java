package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kctl's output against the real kubectl's for the same objects of one kctld (with one simulated
 * node, so pods are Running without processes): the same columns and rows for {@code get} of every
 * kind, and the same text for the other common commands. Ages are masked, since the two runs read
 * the clock a moment apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KctlCommandsIT {
  static final Path ROOT = WalkingSkeletonIT.ROOT;
  /** The kctl launcher; another build folder's can be tried with -Dkctl.cli=PATH. */
  static final String KCTL = System.getProperty("kctl.cli", ROOT.resolve("bin/kctl").toString());
  /** An age cell such as 5s, 3m2s, 4h or 2d5h, standing alone. */
  private static final Pattern AGE = Pattern.compile("(?<=^|\\s)(\\d+[smhdy])+(?=\\s|$)");
  private static final String OBJECTS = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: default, labels: {app: tomcat}}
      data: {mode: demo}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: default}
      stringData: {password: s3cret}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: tomcat, namespace: default}
      spec:
        selector: {app: tomcat}
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: shop}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec:
            containers: [{name: agent, image: agent}]
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: once, namespace: shop}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: once, image: once}]
      """;

  private Path home;
  private final List<Daemon> daemons = new ArrayList<>();
  private Path kubeconfig;

  @BeforeAll
  void startClusterAndApplyObjects(@TempDir Path folder) throws Exception {
    home = folder;
    Daemon kctld = Daemon.start("kctld", home, ROOT, List.of("kctld", "--data-dir", home.resolve("server").toString(),
        "--listen", "127.0.0.1:0"));
    daemons.add(kctld);
    String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    kubeconfig = home.resolve("server/admin.kubeconfig");
    Daemon kletd = Daemon.start("kletd", home, ROOT, List.of("kletd", "--server", url,
        "--token-file", home.resolve("server/node-token").toString(), "--data-dir", home.resolve("node").toString(),
        "--node-name", "sim", "--simulate", "1"));
    daemons.add(kletd);
    Path objects = Files.writeString(home.resolve("objects.yaml"), OBJECTS);
    kctl("apply", "-f", ROOT.resolve("samples/tomcat.yaml").toString()).assertSuccess(List.of("kctl apply tomcat"));
    kctl("apply", "-f", objects.toString()).assertSuccess(List.of("kctl apply objects"));
    await("two tomcat pods Running").atMost(ofSeconds(60))
        .failFast("kletd exited:\n" + kletd.tail(), () -> !kletd.isAlive())
        .until(() -> kctl("get", "pods", "-l", "app=tomcat", "--field-selector", "status.phase=Running", "-o", "name")
            .stdout().lines().count() == 2);
  }

  @AfterAll
  void stopCluster() {
    daemons.reversed().forEach(Daemon::close);
  }

  private Commands.Result kctl(String... args) throws Exception {
    List<String> command = Commands.of(KCTL, "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }

  private Commands.Result kubectl(String... args) throws Exception {
    List<String> command = Commands.of("kubectl", "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }

  /** The lines with ages masked and runs of spaces made one (a masked age may change a column's width). */
  private static List<String> normalized(String text) {
    return text.lines().map(line -> AGE.matcher(line).replaceAll("AGE").replaceAll(" +", " ").strip()).toList();
  }

  private void sameOutput(String... args) throws Exception {
    Commands.Result theirs = kubectl(args);
    Commands.Result ours = kctl(args);
    assertThat(ours.exitCode()).as("exit code of kctl %s (kubectl: %s)", String.join(" ", args), theirs.stderr())
        .isEqualTo(theirs.exitCode());
    assertThat(normalized(ours.stdout())).as("kctl %s\n%s\nkubectl:\n%s", String.join(" ", args), ours.stdout(),
        theirs.stdout()).isEqualTo(normalized(theirs.stdout()));
    if (!theirs.stdout().isEmpty()) {
      assertThat(ours.stdout().lines().findFirst()).as("header of kctl %s", String.join(" ", args))
          .isEqualTo(theirs.stdout().lines().findFirst());
    }
  }

  @Test
  void getPrintsTheSameColumnsAndRowsAsKubectlForEveryKind() throws Exception {
    for (String kind : List.of("namespaces", "nodes", "pods", "configmaps", "secrets", "services", "endpoints",
        "deployments", "replicasets", "daemonsets", "jobs", "leases", "endpointslices")) {
      sameOutput("get", kind, "-A");
      sameOutput("get", kind, "-A", "-o", "wide");
    }
    sameOutput("get", "deploy,rs,svc");
    sameOutput("get", "all", "-A");
  }

  @Test
  void getOutputFormatsMatchKubectl() throws Exception {
    sameOutput("get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
    sameOutput("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}");
    sameOutput("get", "deploy", "tomcat", "-o", "custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[*].image");
    sameOutput("get", "pods", "--show-labels");
    sameOutput("get", "configmaps", "--sort-by=.metadata.name", "-o", "name");
    sameOutput("get", "pods", "--field-selector", "status.phase=Running", "-o", "name");
    sameOutput("get", "deployment/tomcat", "pod/nope");
  }

  @Test
  void otherCommandsPrintWhatKubectlPrints() throws Exception {
    sameOutput("api-versions");
    sameOutput("rollout", "status", "deployment/tomcat");
    sameOutput("rollout", "history", "deployment/tomcat");
    sameOutput("config", "get-contexts");
    sameOutput("config", "current-context");
    sameOutput("label", "configmap", "settings", "app=other");
    sameOutput("scale", "deployment/tomcat", "--replicas=2");
    sameOutput("create", "deployment", "web", "--image=tomcat", "--dry-run=client", "-o", "name");
  }

  @Test
  void describeShowsTheSectionsAndEventsKubectlShows() throws Exception {
    for (String object : List.of("deployment/tomcat", "service/tomcat", "configmap/settings", "namespace/shop")) {
      Commands.Result ours = kctl("describe", object).assertSuccess(List.of("kctl describe " + object));
      List<String> theirs = normalized(kubectl("describe", object).stdout());
      assertThat(normalized(ours.stdout())).as("kctl describe %s\n%s", object, ours.stdout()).isEqualTo(theirs);
    }
    String pod = kctl("get", "pods", "-l", "app=tomcat", "-o", "jsonpath={.items[0].metadata.name}").stdout();
    assertThat(kctl("describe", "pod", pod).stdout()).contains("Name:", "Node:", "Containers:", "Conditions:", "Events:");
  }
}
