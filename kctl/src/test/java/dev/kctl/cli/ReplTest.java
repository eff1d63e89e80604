package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through a terminal fed by a pipe: keys in, screen out. */
class ReplTest {
  private final FakeClient client = new FakeClient();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private PipedOutputStream keys;
  private ExternalTerminal terminal;
  private Repl repl;
  private CompletableFuture<Integer> running;
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"web-1\", \"namespace\": \"default\"}}"));
    client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"db-1\", \"namespace\": \"default\"}}"));
    client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"shop-1\", \"namespace\": \"shop\"}}"));
    client.put(ResourceTypes.NAMESPACES, Json.parseObject("{\"metadata\": {\"name\": \"shop\"}}"));
    PipedInputStream input = new PipedInputStream(64 * 1024);
    keys = new PipedOutputStream(input);
    OutputStream output = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (screen) {
          screen.write(b);
        }
      }
    };
    terminal = new ExternalTerminal("test", "xterm", input, output, StandardCharsets.UTF_8);
    terminal.setSize(new Size(160, 40));
    Connector.Connection connection = new Connector.Connection(client, "default", path -> Json.object(),
        URI.create("https://127.0.0.1:6443"), "kctl");
    repl = new Repl(terminal, connection, dir.resolve("history"), InstantSource.fixed(CliRun.NOW),
        new Environment(Map.of(), dir));
    running = CompletableFuture.supplyAsync(repl::run);
  }

  @AfterEach
  void stop() throws Exception {
    keys.close();
    running.get(10, TimeUnit.SECONDS);
    repl.close();
    terminal.close();
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private void awaitScreen(String text) {
    await("screen shows " + text.replace("\n", "\\n")).atMost(Duration.ofSeconds(10)).until(() -> screen().contains(text));
  }

  @Test
  void tabCompletesTheNameOfALivePodAndTheLineRuns() throws IOException {
    awaitScreen("kctl (kctl:default)> ");

    type("get pods w\t");
    awaitScreen("get pods web-1");
    type("\n");

    awaitScreen("NAME\r\nweb-1");
  }

  @Test
  void useChangesTheNamespaceOfThePromptCompletionAndCommands() throws IOException {
    type("use sh\t");
    awaitScreen("use shop");
    type("\n");
    awaitScreen("kctl (kctl:shop)> ");

    type("get pods s\t\n");
    awaitScreen("NAME\r\nshop-1");
  }

  @Test
  void ctrlCStopsAWatchAndTheReplGoesOn() throws IOException {
    awaitScreen("kctl (kctl:default)> ");
    int watches = client.watchers.size();
    type("get pods -w\n");
    await("get -w watches").atMost(Duration.ofSeconds(10)).until(() -> client.watchers.size() > watches);

    type("\u0003");
    await("a new prompt").atMost(Duration.ofSeconds(10))
        .until(() -> screen().lastIndexOf("kctl (kctl:default)> ") > screen().indexOf("get pods -w"));
    type("exit\n");
    assertThat(running.join()).isZero();
  }

  @Test
  void applyFromStdinReadsPastedYamlUntilABlankLine() throws IOException {
    awaitScreen("kctl (kctl:default)> ");
    type("apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: demo\n\n");

    awaitScreen("configmap/settings created");
    assertThat(client.get(ResourceTypes.CONFIGMAPS, "default", "settings").at("/data/mode").asString()).isEqualTo("demo");
  }

  @Test
  void linesGoToTheHistoryFile() throws Exception {
    awaitScreen("kctl (kctl:default)> ");
    type("get pods\nexit\n");
    running.get(10, TimeUnit.SECONDS);
    await("history saved").atMost(Duration.ofSeconds(5)).until(() ->
        Files.exists(dir.resolve("history")) && Files.readString(dir.resolve("history")).contains("get pods"));
  }
}
