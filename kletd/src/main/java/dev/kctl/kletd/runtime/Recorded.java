package dev.kctl.kletd.runtime;

import java.time.Instant;

/**
 * What a container's state folder says about its last process, when a kletd (re)starts.
 */
public sealed interface Recorded {

  /** How many times the container had been restarted when this process started. */
  int restartCount();

  /** The process still runs: it was adopted and is watched again. */
  record Running(ContainerProcess process, int restartCount) implements Recorded {}

  /** The process has ended, perhaps while no kletd was running. */
  record Exited(long pid, Instant startedAt, Exit exit, int restartCount) implements Recorded {}
}
