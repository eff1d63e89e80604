package dev.kctl.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A kctl daemon started from bin/ as a real process, its output in a log file. Closing it kills
 * it and every process it started (pods included), also when the test failed.
 */
final class Daemon implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private Daemon(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Daemon start(String name, Path logDir, Path root, List<String> command) throws IOException {
    return start(name, logDir, root, List.of(), command);
  }

  /**
   * Starts {@code bin/<command>} behind {@code prefix}, a command that runs the rest of the line
   * somewhere else, e.g. in a network namespace ({@code nsenter --net=/run/netns/NS --}); the
   * prefix must exec the command, so that killing the process and its descendants stops it.
   */
  static Daemon start(String name, Path logDir, Path root, List<String> prefix, List<String> command)
      throws IOException {
    Path log = logDir.resolve(name + ".log");
    List<String> full = new ArrayList<>(prefix);
    full.add(root.resolve("bin").resolve(command.getFirst()).toString());
    full.addAll(command.subList(1, command.size()));
    ProcessBuilder builder = new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new Daemon(name, builder.start(), log);
  }

  /** Waits for a line of the log matching {@code regex}; returns its first group. */
  String awaitLine(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    return Awaitility.await(name + " logs " + regex)
        .atMost(timeout)
        .failFast(name + " exited:\n" + tail(), () -> !process.isAlive())
        .until(() -> find(pattern), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<String> find(Pattern pattern) throws IOException {
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Optional.of(m.groupCount() > 0 ? m.group(1) : line);
      }
    }
    return Optional.empty();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The daemon's process id (bin/ launchers exec java, so this is the JVM). */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    Processes.stop(all);
  }
}
