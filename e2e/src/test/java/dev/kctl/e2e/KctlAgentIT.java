package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kctl agent as people meet it through bin/kctl: the first command starts it, later ones run
 * in it, each command sees its own shell's working directory and variables, and Ctrl-C on a
 * command ends that command in the agent, not the agent. Runs with an agent folder of its own so
 * that what it sees is this test's agent only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KctlAgentIT {
  private static final Path ROOT = WalkingSkeletonIT.ROOT;
  private static final String KCTL = ROOT.resolve("bin/kctl").toString();

  private Path home;
  private Path agents;
  private Daemon kctld;
  private Path kubeconfig;

  @BeforeAll
  void startKctld(@TempDir Path folder) throws Exception {
    home = folder;
    agents = home.resolve("agents");
    kctld = Daemon.start("kctld", home, ROOT, List.of("kctld", "--data-dir", home.resolve("server").toString(),
        "--listen", "127.0.0.1:0"));
    kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    kubeconfig = home.resolve("server/admin.kubeconfig");
  }

  @AfterAll
  void stop() {
    KctlAgents.stop(agents);
    kctld.close();
  }

  @Test
  void theFirstCommandStartsTheAgentAndTheNextOnesRunInIt() throws Exception {
    KctlAgents.stop(agents);
    long started = agentsStarted();

    kctl(home, Map.of(), "get", "namespaces").assertSuccess(List.of("first get namespaces"));
    List<Long> first = agentPids();
    assertThat(first).hasSize(1);
    assertThat(agentsStarted()).isEqualTo(started + 1);

    for (int i = 0; i < 3; i++) {
      Commands.Result listed = kctl(home, Map.of(), "get", "namespaces", "-o", "name");
      assertThat(listed.stdout()).contains("namespace/default");
    }
    assertThat(agentPids()).isEqualTo(first);
    assertThat(agentsStarted()).isEqualTo(started + 1);
  }

  /** How many agents said they serve, in the log all agents of the folder share. */
  private long agentsStarted() throws IOException {
    Path log = agents.resolve("agent.log");
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> line.contains("serving in")).count() : 0;
  }

  @Test
  void eachCommandSeesItsOwnShellsFolderAndVariables() throws Exception {
    Path project = Files.createDirectories(home.resolve("project"));
    Files.writeString(project.resolve("app.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: from-project}
        data: {where: project}
        """);
    Files.copy(kubeconfig, project.resolve("cluster.kubeconfig"));
    Map<String, String> relative = Map.of("KUBECONFIG", "cluster.kubeconfig");

    Commands.Result applied = kctlWithout(project, relative, "apply", "-f", "app.yaml");
    Commands.Result missing = kctlWithout(home, relative, "get", "configmaps");

    assertThat(applied.assertSuccess(List.of("apply -f app.yaml")).stdout()).isEqualTo("configmap/from-project created\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("cluster.kubeconfig");
  }

  @Test
  void ctrlCEndsTheWatchInTheAgentAndTheAgentServesOn() throws Exception {
    kctl(home, Map.of(), "create", "configmap", "watched", "--from-literal=a=b").assertSuccess(List.of("create"));
    List<String> command = new ArrayList<>(List.of(KCTL, "--kubeconfig", kubeconfig.toString(), "get", "configmaps",
        "-A", "-w"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    builder.environment().put("KCTL_AGENT_DIR", agents.toString());
    Process watch = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(CompletableFuture.supplyAsync(() -> firstLine(out)).get(30, TimeUnit.SECONDS))
          .startsWith("NAMESPACE");
      new ProcessBuilder("kill", "-INT", Long.toString(watch.pid())).start().waitFor();
      watch.onExit().join();
    } finally {
      watch.destroyForcibly();
    }

    await("the agent cancels the watch").atMost(ofSeconds(30))
        .until(() -> Files.readString(agents.resolve("agent.log")).contains("the client of a `kctl get` went away; cancelled the command"));
    assertThat(kctl(home, Map.of(), "get", "namespaces", "-o", "name").stdout()).contains("namespace/default");
  }

  @Test
  void kctlAgentOffRunsEachCommandInItsOwnJvm(@TempDir Path elsewhere) throws Exception {
    Commands.Result version = Commands.run(home, List.of(KCTL, "version", "--client"), null,
        Map.of("KCTL_AGENT", "off", "KCTL_AGENT_DIR", elsewhere.toString()));

    assertThat(version.assertSuccess(List.of("version")).stdout()).startsWith("Client Version: ");
    try (Stream<Path> entries = Files.list(elsewhere)) {
      assertThat(entries).isEmpty();
    }
  }

  private static String firstLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Commands.Result kctl(Path folder, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(KCTL, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(folder, environment, command);
  }

  /** Without --kubeconfig, so that $KUBECONFIG decides. */
  private Commands.Result kctlWithout(Path folder, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(KCTL));
    command.addAll(List.of(args));
    return run(folder, environment, command);
  }

  private Commands.Result run(Path folder, Map<String, String> environment, List<String> command) throws Exception {
    Map<String, String> withAgents = new java.util.HashMap<>(environment);
    withAgents.put("KCTL_AGENT_DIR", agents.toString());
    return Commands.run(folder, command, null, withAgents);
  }

  private List<Long> agentPids() {
    return KctlAgents.pids(agents);
  }
}
