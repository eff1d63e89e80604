package dev.kctl.kletd.pods;

import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.probe.Action;
import dev.kctl.kletd.probe.Outcome;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.runtime.ContainerProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops containers as the kubelet does (preStop hook, SIGTERM, the grace period, SIGKILL) and ends
 * a pod: once its containers are gone, a pod being deleted gracefully is deleted from the API, and
 * a deleted pod's folder is removed. Used by the pod's tasks only.
 */
final class Termination {
  private static final Logger log = LoggerFactory.getLogger(Termination.class);
  private static final Duration MIN_GRACE_AFTER_HOOK = Duration.ofSeconds(2);

  private final PodWorker.Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final StatusReporter status;
  private final VolumeSetup volumes;
  private final Runnable onFinished;
  private boolean deleteRequested;

  /** @param onFinished run once the pod is deleted, its containers stopped and its folder removed */
  Termination(PodWorker.Context ctx, PodState state, TaskQueue tasks, StatusReporter status, VolumeSetup volumes,
      Runnable onFinished) {
    this.ctx = ctx;
    this.state = state;
    this.tasks = tasks;
    this.status = status;
    this.volumes = volumes;
    this.onFinished = onFinished;
  }

  /** Stops what runs, and once nothing does, finishes the pod (deleted) or asks the API to delete it. */
  void terminate(Instant now) {
    PodView pod = state.pod;
    boolean running = false;
    for (ContainerSlot slot : state.slots) {
      slot.cancelRetry();
      slot.retryAt = null;
      slot.probes.stop();
      if (slot.process == null) {
        continue;
      }
      running = true;
      if (!slot.stopping) {
        slot.stopping = true;
        ctx.api().event(pod, EventType.Normal, "Killing", "Stopping container " + slot.name);
        log.info("pod {}: stopping container {} (pid {}), grace period {}s", pod.key(), slot.name,
            slot.process.pid(), pod.gracePeriodSeconds());
        stopContainer(slot, slot.process, Duration.ofSeconds(pod.gracePeriodSeconds()));
      }
    }
    if (running) {
      status.publish(now);
      return;
    }
    if (state.deleted) {
      state.finished = true;
      status.cancel();
      volumes.cancel();
      removeFolder();
      log.info("pod {}: deleted; its containers are stopped and its folder removed", pod.key());
      onFinished.run();
      return;
    }
    status.publish(now);
    if (!deleteRequested) {
      // The containers are gone: what the kubelet does to let a graceful deletion complete.
      deleteRequested = true;
      try {
        ctx.api().delete(pod);
      } catch (RuntimeException e) {
        log.warn("pod {}: containers stopped, but the pod could not be deleted: {}", pod.key(), e.getMessage());
      }
    }
  }

  /**
   * Stops a container: its preStop hook first, if any (within the grace period), then SIGTERM and,
   * after what is left of the grace period (at least 2 s, as the kubelet gives), SIGKILL.
   */
  void stopContainer(ContainerSlot slot, ContainerProcess process, Duration grace) {
    Optional<Action> hook = Action.parse(slot.spec.json().path("lifecycle").path("preStop"));
    Target target = slot.target;
    if (hook.isEmpty() || target == null || grace.isZero()) {
      ctx.runtime().stop(process, grace);
      return;
    }
    Instant began = ctx.clock().instant();
    ctx.executor().execute(() -> {
      Outcome outcome = ctx.actions().run(hook.get(), target, grace);
      if (outcome instanceof Outcome.Failure failure) {
        tasks.submit(() -> ctx.api().event(state.pod, EventType.Warning, "FailedPreStopHook",
            ProbesAndHooks.hookFailure(hook.get(), slot, state.podRef(), failure)));
      }
      Duration left = grace.minus(Duration.between(began, ctx.clock().instant()));
      ctx.runtime().stop(process, left.compareTo(MIN_GRACE_AFTER_HOOK) < 0 ? MIN_GRACE_AFTER_HOOK : left);
    });
  }

  private void removeFolder() {
    try {
      Folders.deleteTree(state.podDir);
    } catch (IOException e) {
      log.warn("pod {}: could not remove {}: {}", state.pod.key(), state.podDir, e.getMessage());
    }
  }
}
