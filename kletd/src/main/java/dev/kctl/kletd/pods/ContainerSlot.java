package dev.kctl.kletd.pods;

import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.Scheduler;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What kletd knows of one container of a pod. Mutated only by the pod's worker, one task at a time;
 * {@link #process} and {@link #restartCount} are also read by the log endpoint, hence volatile.
 */
final class ContainerSlot {
  /** A finished process of this container. */
  record Termination(long pid, Instant startedAt, Exit exit) {}

  /** Why the container does not run, as the status's {@code waiting} state says. */
  record Waiting(String reason, String message) {}

  final String name;
  final Path dir;
  /** An init container: runs to completion before the app containers start. */
  final boolean init;
  PodView.ContainerView spec;
  volatile ContainerProcess process;
  volatile int restartCount;
  /** Whether a process ever started (here or under an earlier kletd): the next start is a restart. */
  boolean everStarted;
  boolean stopping;
  Termination last;
  Waiting waiting = new Waiting("ContainerCreating", "");
  String imageId = "";
  /** Not before this instant may the container be (re)started; null when it may now. */
  Instant retryAt;
  Scheduler.Cancellable retryTimer;
  final BackOff crashBackOff = new BackOff();
  final BackOff startBackOff = new BackOff();
  boolean envWarned;
  /** The probes of the running instance; {@link ProbeSet#none()} while none runs. */
  ProbeSet probes = ProbeSet.none();
  /** Where probes, hooks and exec of the running instance act; null while none runs. Read by exec. */
  volatile dev.kctl.kletd.probe.Target target;
  /** Whether the running instance's postStart hook has yet to finish (the container is not ready). */
  boolean hookRunning;
  /** When each distinct Unhealthy event was last recorded, to keep repeats down. */
  final java.util.Map<String, Instant> unhealthyEvents = new java.util.HashMap<>();

  ContainerSlot(PodView.ContainerView spec, Path dir, boolean init) {
    this.name = spec.name();
    this.spec = spec;
    this.dir = dir;
    this.init = init;
  }

  boolean running() {
    ContainerProcess p = process;
    return p != null && p.isRunning();
  }

  Path logFile(int count) {
    return dir.resolve(count + ".log");
  }

  void cancelRetry() {
    if (retryTimer != null) {
      retryTimer.cancel();
      retryTimer = null;
    }
  }
}
