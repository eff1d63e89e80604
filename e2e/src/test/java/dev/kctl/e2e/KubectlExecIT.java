package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kctl.api.ResourceTypes;
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
 * {@code kubectl exec} (WebSocket, remote command protocol v5) against one real kctld and one
 * real kletd: kctld relays the session to the node, which runs the command beside the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlExecIT {
  private static final String POD = "exec-target";

  private Path home;
  private KletdCluster cluster;

  @BeforeAll
  void startClusterAndPod(@TempDir Path dir) throws Exception {
    home = dir;
    cluster = KletdCluster.start(home);
    cluster.api.create(ResourceTypes.PODS, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default"},
         "spec": {"containers": [{"name": "main", "image": "/bin/sh", "command": ["/bin/sh", "-c", "exec sleep 3600"],
           "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}"""
        .formatted(POD)));
    await("pod " + POD + " running").atMost(ofSeconds(30)).until(() -> cluster.pid(POD, "main").isPresent());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void execRelaysStdoutStderrAndTheExitCode() throws Exception {
    Commands.Result result = kubectl(null, "exec", POD, "--", "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).contains("err\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void execWithStdinFeedsTheCommand() throws Exception {
    Commands.Result result = kubectl("hello\n", "exec", "-i", POD, "--", "cat");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\n");
  }

  @Test
  void execRunsWithTheContainersEnvironment() throws Exception {
    Commands.Result result = kubectl(null, "exec", POD, "-c", "main", "--", "sh", "-c", "echo $POD_NAME");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(POD + "\n");
  }

  @Test
  void execOfAMissingProgramFailsWithKubeletsMessage() throws Exception {
    Commands.Result result = kubectl(null, "exec", POD, "--", "no-such-program");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("\"no-such-program\": executable file not found in $PATH");
  }

  @Test
  void execWithATerminalRunsTheCommandOnAPtySizedLikeKubectlsOwn() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is needed to give kubectl a terminal");
    // kubectl offers a tty only when its own stdin is one, so it runs on a pty of script's, sized 100x30.
    List<String> kubectl = Commands.of("kubectl", "--kubeconfig", home.resolve("server/admin.kubeconfig").toString(),
        "exec", "-it", POD, "--", "sh", "-c", "tty; stty size");
    Commands.Result result = Commands.run(home, List.of("/usr/bin/script", "--quiet", "--return", "--command",
        "stty cols 100 rows 30; " + String.join(" ", kubectl.stream().map(w -> "'" + w + "'").toList()), "/dev/null"),
        null);

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).contains("/dev/pts/").contains("30 100");
  }

  private Commands.Result kubectl(String stdin, String... args) throws Exception {
    List<String> command = Commands.of("kubectl", "--kubeconfig", home.resolve("server/admin.kubeconfig").toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, stdin);
  }
}
