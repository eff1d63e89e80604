package dev.kctl.cli.agent;

import java.time.Instant;

/** What the agent says, with the time: its stdout, which the launcher points at the agent's log file. */
final class AgentLog {
  private final long pid = ProcessHandle.current().pid();

  void say(String message) {
    System.out.println(Instant.now() + " kctl agent " + pid + ": " + message);
  }
}
