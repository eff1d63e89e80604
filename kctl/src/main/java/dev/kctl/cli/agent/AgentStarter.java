package dev.kctl.cli.agent;

import dev.kctl.client.Programs;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the agent when none answers: a JVM of its own, in a session of its own (so that Ctrl-C
 * and a closed terminal leave it alone), its output appended to the folder's log, with kctl's
 * full AOT cache ({@code -Dkctl.agent.aot}, which bin/kctl sets) rather than the launcher's
 * small one.
 */
final class AgentStarter {
  /** How long a starting agent may take to answer before the command runs without it. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(10);
  private static final long LOG_LIMIT = 1 << 20;

  private AgentStarter() {}

  /**
   * Starts an agent and waits until it answers; false if it did not, so that the command runs
   * here. A folder that exists but that others may enter is the one failure worth a word on
   * {@code stderr}: the user can fix it, and every command is slow until then. One that cannot be
   * made (a read-only home) just means no agent.
   */
  static boolean start(AgentFiles files, java.io.PrintStream stderr) {
    Process agent;
    try {
      files.prepareFolder();
    } catch (IOException e) {
      if (Files.isDirectory(files.folder())) {
        stderr.println("kctl: running without the kctl agent, so slowly: " + e.getMessage());
      }
      return false;
    }
    try {
      rotate(files.logFile());
      agent = new ProcessBuilder(commandLine(files.folder()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      return false;
    }
    return awaitSlots(files, agent);
  }

  /**
   * Waits for the agent to open its slots. The agent started here may end at once because
   * another client's agent won the lock; that one's slots are then the ones to wait for.
   */
  private static boolean awaitSlots(AgentFiles files, Process agent) {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (files.agentAlive()) {
        return true;
      }
      if (!agent.isAlive() && !locked(files.lockFile())) {
        return false;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Whether an agent holds the lock: if none does, none is coming. */
  private static boolean locked(Path lockFile) {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      try (FileLock lock = channel.tryLock()) {
        return lock == null;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> commandLine(Path folder) {
    List<String> command = new ArrayList<>();
    Programs.find("setsid").ifPresent(setsid -> command.add(setsid.toString()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData"));
    String cache = System.getProperty("kctl.agent.aot", "");
    if (!cache.isEmpty() && Files.isRegularFile(Path.of(cache))) {
      command.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Agent.class.getName(), folder.toString()));
    return command;
  }

  /** Keeps the log small: past a megabyte, the old one makes way. */
  private static void rotate(Path log) throws IOException {
    if (Files.exists(log) && Files.size(log) > LOG_LIMIT) {
      Files.move(log, log.resolveSibling(log.getFileName() + ".old"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
