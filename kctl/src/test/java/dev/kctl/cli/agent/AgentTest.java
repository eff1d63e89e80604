package dev.kctl.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.KubeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in this JVM and clients talking to it through its named pipes, as bin/kctl does:
 * commands see the client's arguments, stdin, environment and working directory, and a command
 * whose client goes away is cancelled.
 */
class AgentTest {
  @TempDir Path dir;
  private AgentFiles files;
  private Agent agent;
  private Thread serving;

  /** What one command printed, and its exit code. */
  record Result(int exitCode, String stdout, String stderr) {}

  @BeforeEach
  void startAgent() {
    files = AgentFiles.ofThisJvm(dir.resolve("agent"));
    agent = new Agent(files);
    serving = Thread.ofPlatform().start(() -> {
      try {
        agent.serve();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(files::agentAlive);
  }

  @AfterEach
  void stopAgent() throws InterruptedException {
    agent.stop();
    serving.join(Duration.ofSeconds(20));
  }

  @Test
  void runsTheCommandAndPassesItsOutputAndExitCodeBack() {
    Result version = kctl(Map.of(), dir, "", "version", "--client");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("Client Version: ");

    Result usage = kctl(Map.of(), dir, "", "get", "pods", "--no-such-flag");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("--no-such-flag");
  }

  @Test
  void readsStdinFromTheClientWhenTheCommandAsks() {
    Result applied = kctl(Map.of(), dir, "kind: Namespace\napiVersion: v1\nmetadata:\n  name: piped\n  bad: [\n",
        "apply", "-f", "-");

    assertThat(applied.exitCode()).isEqualTo(1);
    assertThat(applied.stderr()).startsWith("error: STDIN:5:");
  }

  @Test
  void relativePathsAndVariablesAreTheClientsNotTheAgents() throws IOException {
    Path shell = Files.createDirectories(dir.resolve("shell"));
    Files.writeString(shell.resolve("motd.txt"), "hello from the shell's folder");
    KubeConfig.write(shell.resolve("config"), "ctx", "https://10.1.2.3:6443", "", "me", "token");

    Result configMap = kctl(Map.of(), shell, "", "create", "configmap", "motd", "--from-file=motd.txt",
        "--dry-run=client", "-o", "yaml");
    Result config = kctl(Map.of("KUBECONFIG", "config"), shell, "", "config", "view");

    assertThat(configMap.stdout()).as(configMap.toString()).contains("hello from the shell's folder");
    assertThat(config.stdout()).as(config.toString()).contains("https://10.1.2.3:6443");
  }

  @Test
  void manyCommandsAtOnceEachGetTheirOwnAnswer() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 3 * Slots.READY; i++) {
        String name = "ns-" + i;
        Callable<Result> command = () -> kctl(Map.of(), dir, "", "create", "namespace", name, "--dry-run=client",
            "-o", "name");
        results.add(clients.submit(command));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(new Result(0, "namespace/ns-" + i + "\n", ""));
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aCommandWhoseClientWentAwayIsCancelled() throws IOException {
    Slot slot = takeSlot();
    try (FileChannel in = FileChannel.open(slot.in(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel out = FileChannel.open(slot.out(), StandardOpenOption.READ)) {
      new Frames.Hello(List.of("apply", "-f", "-"), dir.toString(), Map.of())
          .write(new DataOutputStream(Channels.newOutputStream(in)));
      // The command now waits for stdin, which never comes: the client "dies" instead.
      assertThat(Frames.Frame.read(new DataInputStream(Channels.newInputStream(out))).type())
          .isEqualTo(Frames.WANT_STDIN);
      assertThat(agent.running()).isEqualTo(1);
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> agent.running() == 0);
  }

  @Test
  void anAgentEndsWhenItsFolderIsRemoved() throws InterruptedException {
    Slots.delete(files.slots());

    serving.join(Duration.ofSeconds(20));
    assertThat(serving.isAlive()).isFalse();
    assertThat(AgentClient.run(files, new String[] {"version", "--client"}, Map.of(), dir.toString(),
        InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(new ByteArrayOutputStream()))).isEmpty();
  }

  private Slot takeSlot() throws IOException {
    try (var slots = Files.list(files.slots())) {
      for (Path folder : slots.filter(path -> path.getFileName().toString().startsWith("slot-")).toList()) {
        Slot slot = new Slot(folder);
        try {
          Files.createDirectory(slot.taken());
          return slot;
        } catch (IOException taken) {
          // Try the next.
        }
      }
    }
    throw new AssertionError("no free slot in " + files.slots());
  }

  private Result kctl(Map<String, String> environment, Path workingDirectory, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OptionalInt code = AgentClient.run(files, args, environment, workingDirectory.toString(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
        new PrintStream(err, true));
    assertThat(code).as("the agent answered").isPresent();
    return new Result(code.getAsInt(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
