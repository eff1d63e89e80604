package dev.kctl.kletd.pods;

import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.pods.PodView.RestartPolicy;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.Exit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pod's containers and restarts them as its restart policy says: init containers one at a
 * time, in order, then the app containers; a failed start waits out its back-off, an exit that
 * calls for a restart waits out the crash back-off (CrashLoopBackOff). Used by the pod's tasks only.
 */
final class ContainerRunner {
  private static final Logger log = LoggerFactory.getLogger(ContainerRunner.class);

  private final PodWorker.Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final VolumeSetup volumes;
  private final ProbesAndHooks hooks;
  private final Runnable sync;
  /** The pod-wide warnings recorded (by reason), each once per pod. */
  private final Set<String> podWarnings = new HashSet<>();

  /** @param sync what runs after an exit and at the end of a back-off, on the pod's task queue */
  ContainerRunner(PodWorker.Context ctx, PodState state, TaskQueue tasks, VolumeSetup volumes, ProbesAndHooks hooks,
      Runnable sync) {
    this.ctx = ctx;
    this.state = state;
    this.tasks = tasks;
    this.volumes = volumes;
    this.hooks = hooks;
    this.sync = sync;
  }

  static boolean restartWanted(RestartPolicy policy, Exit exit) {
    return switch (policy) {
      case Always -> true;
      case OnFailure -> !exit.succeeded();
      case Never -> false;
    };
  }

  /** Runs the init containers one at a time, in order; returns once one runs, waits or failed for good. */
  void runInit(Instant now) {
    for (ContainerSlot slot : state.slots) {
      if (!slot.init) {
        continue;
      }
      if (slot.process != null) {
        return;
      }
      if (slot.last != null && slot.last.exit().succeeded()) {
        continue;
      }
      if (slot.last != null && !restartWanted(slot, slot.last.exit())) {
        return;
      }
      if (slot.retryAt != null && now.isBefore(slot.retryAt)) {
        retryLater(slot, now);
        return;
      }
      slot.retryAt = null;
      start(slot, now);
      return;
    }
  }

  /** Starts each app container that does not run and should, unless its back-off has yet to pass. */
  void runApps(Instant now) {
    for (ContainerSlot slot : state.slots) {
      if (slot.init || slot.process != null || (slot.last != null && !restartWanted(slot, slot.last.exit()))) {
        continue;
      }
      if (slot.retryAt != null && now.isBefore(slot.retryAt)) {
        retryLater(slot, now);
        continue;
      }
      slot.retryAt = null;
      start(slot, now);
    }
  }

  /** Follows a running process to its exit (then the restart policy decides). */
  void watch(ContainerSlot slot, ContainerProcess process) {
    process.exit().thenAccept(exit -> tasks.submit(() -> exited(slot, process, exit)));
  }

  /**
   * Whether a container that ended with {@code exit} is started again: by the pod's restart policy,
   * where an init container is restarted on failure unless the policy is Never.
   */
  private boolean restartWanted(ContainerSlot slot, Exit exit) {
    if (slot.init) {
      return state.pod.restartPolicy() != RestartPolicy.Never && !exit.succeeded();
    }
    return restartWanted(state.pod.restartPolicy(), exit);
  }

  private void start(ContainerSlot slot, Instant now) {
    PodView pod = state.pod;
    int count = slot.everStarted ? slot.restartCount + 1 : slot.restartCount;
    switch (ctx.starter().start(pod, slot, count, volumes.folders(), volumes.hostsFile(), podWarnings)) {
      case ContainerStarter.Outcome.Started started -> {
        slot.process = started.process();
        slot.restartCount = count;
        slot.everStarted = true;
        slot.waiting = null;
        slot.startBackOff.reset();
        watch(slot, started.process());
        hooks.postStart(slot, started.process(), started.spec());
        log.info("pod {}: started container {} as pid {} (restart {})", pod.key(), slot.name,
            started.process().pid(), count);
      }
      case ContainerStarter.Outcome.Failed failed -> {
        slot.waiting = new ContainerSlot.Waiting(failed.reason(), failed.message());
        ctx.api().event(pod, EventType.Warning, failed.eventReason(), failed.eventMessage());
        Duration delay = slot.startBackOff.next(now, now);
        slot.retryAt = now.plus(delay);
        retryLater(slot, now);
        log.warn("pod {}: container {} not started, retrying in {}: {}", pod.key(), slot.name, delay,
            failed.message());
      }
    }
  }

  private void exited(ContainerSlot slot, ContainerProcess process, Exit exit) {
    if (slot.process != process) {
      return;
    }
    PodView pod = state.pod;
    slot.process = null;
    slot.stopping = false;
    slot.probes.stop();
    slot.probes = ProbeSet.none();
    slot.hookRunning = false;
    slot.target = null;
    slot.last = new ContainerSlot.Termination(process.pid(), process.startedAt(), exit);
    slot.waiting = null;
    log.info("pod {}: container {} (pid {}) exited with {}", pod.key(), slot.name, process.pid(),
        exit.codeKnown() ? "code " + exit.code() : "an unknown code");
    if (!state.ending() && restartWanted(slot, exit)) {
      Duration delay = slot.crashBackOff.next(process.startedAt(), exit.finishedAt());
      slot.retryAt = exit.finishedAt().plus(delay);
      String podRef = state.podRef();
      slot.waiting = new ContainerSlot.Waiting("CrashLoopBackOff",
          "back-off " + goDuration(delay) + " restarting failed container=" + slot.name + " pod=" + podRef);
      ctx.api().event(pod, EventType.Warning, "BackOff",
          "Back-off restarting failed container " + slot.name + " in pod " + podRef);
    }
    sync.run();
  }

  private void retryLater(ContainerSlot slot, Instant now) {
    if (slot.retryTimer == null) {
      slot.retryTimer = ctx.scheduler().schedule(Duration.between(now, slot.retryAt), () -> tasks.submit(() -> {
        slot.retryTimer = null;
        sync.run();
      }));
    }
  }

  /** A duration as Go prints one, as in the kubelet's messages: 10s, 1m20s, 5m0s. */
  static String goDuration(Duration d) {
    long seconds = d.toSeconds();
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
  }
}
