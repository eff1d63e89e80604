package dev.kctl.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * kctld started from bin/kctld as a real process that a test can kill with SIGKILL. bin/kctld
 * execs the JVM, so the process started is kctld's JVM itself, not a shell in front of it: {@link
 * #start} checks that, so a kill really is a crash of the store's process. Closing kills it too,
 * also when the test failed.
 */
final class KillableKctld implements AutoCloseable {
  private final Process process;
  private final Path log;

  private KillableKctld(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts kctld on {@code dataDir} and a free loopback port, its output in {@code log} (a new
   * file per start); waits until it serves.
   */
  static KillableKctld start(Path root, Path dataDir, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/kctld").toString(),
        "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    KillableKctld kctld = new KillableKctld(builder.start(), log);
    try {
      kctld.awaitLine("kctld serving on (https://\\S+);", Duration.ofSeconds(60));
      String command = kctld.process.info().command().orElse("");
      if (!command.endsWith("/java")) {
        throw new AssertionError("pid " + kctld.process.pid() + " runs " + command
            + ", not java: bin/kctld must exec the JVM so that a SIGKILL hits kctld itself");
      }
      return kctld;
    } catch (RuntimeException | Error e) {
      kctld.close();
      throw e;
    }
  }

  /** SIGKILL, no shutdown hook runs; returns once the process is gone. */
  void kill() {
    process.destroyForcibly();
    process.onExit().join();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private String awaitLine(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    return Awaitility.await("kctld logs " + regex)
        .atMost(timeout)
        .failFast("kctld exited:\n" + tail(), () -> !process.isAlive())
        .until(() -> find(pattern), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<String> find(Pattern pattern) throws IOException {
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
