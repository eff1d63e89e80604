package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/kctl} REPL on a real pseudo-terminal (made by util-linux {@code script}),
 * against a real kctld: Tab completes a live pod's name, and Ctrl-C ends a watch, not the REPL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplPtyIT {
  private static final Path SCRIPT = Path.of("/usr/bin/script");
  /** Terminal control sequences, removed before reading the screen as text. */
  private static final Pattern ESCAPES = Pattern.compile("\u001b(\\[[0-9;?]*[ -/]*[@-~]|[=>]|\\][^\u0007]*\u0007)");

  private Daemon kctld;
  private Process repl;
  private final StringBuffer screen = new StringBuffer();
  private OutputStream keys;

  @BeforeAll
  void startKctldWithAPodAndTheRepl(@TempDir Path home) throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is needed to give kctl a pseudo-terminal");
    Path root = WalkingSkeletonIT.ROOT;
    kctld = Daemon.start("kctld", home, root, List.of("kctld", "--data-dir", home.resolve("server").toString(),
        "--listen", "127.0.0.1:0"));
    kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    Path kubeconfig = home.resolve("server/admin.kubeconfig");
    RestClient api = RestClient.connect(KubeConfig.load(kubeconfig));
    api.create(ResourceTypes.PODS, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "webshop-7f9c", "namespace": "default"},
         "spec": {"containers": [{"name": "main", "image": "tomcat"}]}}"""));

    String kctl = root.resolve("bin/kctl") + " --kubeconfig " + kubeconfig;
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "--quiet", "--flush", "--command",
        "stty cols 120 rows 40; exec " + kctl, "/dev/null").redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("TERM", "xterm");
    repl = builder.start();
    keys = repl.getOutputStream();
    Thread.ofVirtual().start(() -> read(repl.getInputStream()));
    awaitScreen("kctl (kctl:default)> ");
  }

  @AfterAll
  void stop() {
    if (repl != null) {
      repl.descendants().forEach(ProcessHandle::destroyForcibly);
      repl.destroyForcibly();
    }
    if (kctld != null) {
      kctld.close();
    }
  }

  @Test
  void tabCompletesALivePodNameAndCtrlCEndsAWatchButNotTheRepl() throws Exception {
    type("get pods webs\t");
    awaitScreen("get pods webshop-7f9c");
    type("\r");
    awaitScreen("Pending");

    int before = screen.length();
    type("get pods -w\r");
    await("the watch prints its table").atMost(ofSeconds(30)).until(() -> text(before).contains("NAME"));
    int watching = screen.length();
    type("\u0003");
    await("the prompt is back after Ctrl-C").atMost(ofSeconds(30))
        .until(() -> text(watching).contains("kctl (kctl:default)> "));
    type("exit\r");
    await("the REPL exits").atMost(ofSeconds(30)).until(() -> !repl.isAlive());
  }

  private void type(String keysTyped) throws IOException {
    keys.write(keysTyped.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private void awaitScreen(String text) {
    await("screen shows \"" + text + "\"").atMost(ofSeconds(60))
        .failFast("the REPL ended:\n" + screen, () -> !repl.isAlive())
        .until(() -> text(0).contains(text));
  }

  private String text(int from) {
    return ESCAPES.matcher(screen.substring(from)).replaceAll("").replace("\r", "");
  }

  private void read(InputStream in) {
    byte[] buffer = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      screen.append("\n[reading the terminal failed: ").append(e.getMessage()).append(']');
    }
  }
}
