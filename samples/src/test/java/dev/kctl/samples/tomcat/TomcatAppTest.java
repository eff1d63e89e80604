package dev.kctl.samples.tomcat;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the app as a real process, the way kletd runs it, and talks HTTP to it. */
class TomcatAppTest {
  @TempDir Path tmp;
  private Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopProcess() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void greetsWithPodIdentityAndRemovesItsTemporaryFolderOnSigterm() throws Exception {
    int port = freePort();
    start(port, true);
    await("tomcat listening line").atMost(ofSeconds(30))
        .until(() -> stdout.contains("tomcat listening on 127.0.0.1:" + port));

    HttpResponse<String> hello = get(port, "/");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(hello.body()).isEqualTo("Hello from tomcat pod web-1 in shop on node node-2\n");
    assertThat(get(port, "/healthz").body()).isEqualTo("ok");
    assertThat(get(port, "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(tmp.resolve("java-tmp")).isNotEmptyDirectory();

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(tmp.resolve("java-tmp")).isEmptyDirectory();
    assertThat(stdout).containsExactly("tomcat listening on 127.0.0.1:" + port);
  }

  @Test
  void saysUnknownForIdentityVariablesThatAreNotSet() throws Exception {
    int port = freePort();
    start(port, false);
    await("tomcat listening line").atMost(ofSeconds(30))
        .until(() -> stdout.contains("tomcat listening on 127.0.0.1:" + port));

    assertThat(get(port, "/").body())
        .isEqualTo("Hello from tomcat pod unknown in unknown on node unknown\n");
  }

  private void start(int port, boolean withIdentity) throws IOException {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(
        java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
        "-Djava.io.tmpdir=" + javaTmp,
        "-cp", System.getProperty("java.class.path"), TomcatApp.class.getName());
    builder.environment().keySet().removeAll(List.of("POD_NAME", "POD_NAMESPACE", "NODE_NAME", "POD_IP"));
    builder.environment().put("PORT", Integer.toString(port));
    if (withIdentity) {
      builder.environment().put("POD_NAME", "web-1");
      builder.environment().put("POD_NAMESPACE", "shop");
      builder.environment().put("NODE_NAME", "node-2");
    }
    builder.redirectError(tmp.resolve("stderr.log").toFile());
    process = builder.start();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        lines.lines().forEach(stdout::add);
      } catch (IOException ignored) {
        // the stream closes when the process ends
      }
    });
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
