package dev.kctl.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kctl agents that the tests' bin/kctl commands start, in the folder the build gives them
 * ($KCTL_AGENT_DIR, see e2e/pom.xml). They outlive each command by design, so this stops them
 * when the test JVM ends.
 */
final class KctlAgents {
  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KctlAgents::stopAll, "stop-kctl-agents"));
  }

  private KctlAgents() {}

  /** Makes sure the agents are stopped when this JVM ends (loading the class does it). */
  static void stopAtExit() {
    // The static initialiser registered the hook.
  }

  /** The folder the agents run from, as every bin/kctl of the tests sees it. */
  static Path folder() {
    String folder = System.getenv("KCTL_AGENT_DIR");
    if (folder == null || folder.isEmpty()) {
      throw new IllegalStateException("KCTL_AGENT_DIR is not set: run the end-to-end tests through Maven"
          + " (e2e/pom.xml sets it), so that their kctl agents stay out of ~/.kctl");
    }
    return Path.of(folder);
  }

  /** The pids the agents of {@code folder} wrote. */
  static List<Long> pids(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(slots -> slots.resolve("agent.pid")).filter(Files::isRegularFile).map(KctlAgents::pid)
          .filter(pid -> pid > 0).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static void stopAll() {
    stop(folder());
  }

  /** Stops the agents of {@code folder} and waits until they have ended. */
  static void stop(Path folder) {
    Processes.stop(pids(folder).stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList());
  }

  private static long pid(Path file) {
    try {
      // "PID START", as the agent writes it.
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ")[0]);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
