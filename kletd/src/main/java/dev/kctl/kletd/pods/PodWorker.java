package dev.kctl.kletd.pods;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.logs.ContainerLog;
import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.pods.PodView.RestartPolicy;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.Recorded;
import dev.kctl.kletd.runtime.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one pod, like the kubelet's pod worker: every trigger (a new version of the pod from the
 * watch, a process exit, the end of a back-off, the deletion) becomes a task, and the pod's tasks
 * run one at a time, each ending with {@link #sync()}, which compares what should run with what does,
 * acts, and reports the pod's status when it changed.
 */
final class PodWorker {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
  private static final Duration STATUS_RETRY = Duration.ofSeconds(5);

  /** What all workers of a node share. */
  record Context(PodSettings settings, ContainerStarter starter, ImageResolver images, ContainerRuntime runtime,
      PodApi api, InstantSource clock, Scheduler scheduler, Executor executor) {}

  private final Context ctx;
  private final Path podDir;
  private final Runnable onFinished;
  private final Instant startTime;
  private final PodStatusBuilder status = new PodStatusBuilder();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Set while one thread runs this pod's tasks; makes the tasks run one at a time, in order. */
  private final AtomicBoolean draining = new AtomicBoolean();

  // Read and written by the task being run only (the log endpoint reads the slots' volatile fields).
  private PodView pod;
  private volatile List<ContainerSlot> slots = List.of();
  private boolean deleted;
  private boolean deleteRequested;
  private boolean finished;
  private ObjectNode published;
  private Scheduler.Cancellable statusRetry;

  PodWorker(Context ctx, PodView pod, Runnable onFinished) {
    this.ctx = ctx;
    this.pod = pod;
    this.onFinished = onFinished;
    this.podDir = ctx.settings().podsDir().resolve(
        pod.meta().namespace() + "_" + pod.meta().name() + "_" + pod.meta().uid());
    Instant recorded = Timestamps.parse(pod.object().path("status").path("startTime").asString(""));
    this.startTime = recorded != null ? recorded : ctx.clock().instant();
  }

  static boolean restartWanted(RestartPolicy policy, Exit exit) {
    return switch (policy) {
      case Always -> true;
      case OnFailure -> !exit.succeeded();
      case Never -> false;
    };
  }

  void update(PodView view) {
    submit(() -> {
      pod = view;
      adoptNewContainers();
      sync();
    });
  }

  void delete(PodView last) {
    submit(() -> {
      pod = last;
      deleted = true;
      sync();
    });
  }

  Optional<ContainerLog> log(String container) {
    List<ContainerSlot> current = slots;
    Optional<ContainerSlot> slot = container.isEmpty() && current.size() == 1
        ? Optional.of(current.getFirst())
        : current.stream().filter(s -> s.name.equals(container)).findFirst();
    return slot.map(s -> {
      int count = s.restartCount;
      ContainerProcess process = s.process;
      Path previous = s.logFile(count - 1);
      return new ContainerLog(s.logFile(count),
          count > 0 && Files.exists(previous) ? Optional.of(previous) : Optional.empty(),
          () -> process != null && process.isRunning());
    });
  }

  private void submit(Runnable task) {
    tasks.add(task);
    ctx.executor().execute(this::drain);
  }

  private void drain() {
    while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        for (Runnable task; (task = tasks.poll()) != null; ) {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("kletd: pod {} task failed; its state may be stale until the next change", pod.key(), e);
          }
        }
      } finally {
        draining.set(false);
      }
    }
  }

  /** Creates a slot per container seen for the first time, adopting what an earlier kletd left running. */
  private void adoptNewContainers() {
    List<ContainerSlot> next = new ArrayList<>(slots);
    for (PodView.ContainerView c : pod.containers()) {
      Optional<ContainerSlot> known = next.stream().filter(s -> s.name.equals(c.name())).findFirst();
      if (known.isPresent()) {
        known.get().spec = c;
        continue;
      }
      ContainerSlot slot = new ContainerSlot(c, podDir.resolve(c.name()));
      switch (ctx.runtime().recall(slot.dir).orElse(null)) {
        case null -> { }
        case Recorded.Running running -> {
          slot.process = running.process();
          slot.restartCount = running.restartCount();
          slot.everStarted = true;
          slot.waiting = null;
          slot.imageId = imageId(c.image());
          watch(slot, running.process());
          log.info("pod {}: adopted container {} (pid {})", pod.key(), c.name(), running.process().pid());
        }
        case Recorded.Exited exited -> {
          slot.last = new ContainerSlot.Termination(exited.pid(), exited.startedAt(), exited.exit());
          slot.restartCount = exited.restartCount();
          slot.everStarted = true;
          slot.waiting = null;
          slot.imageId = imageId(c.image());
        }
      }
      next.add(slot);
    }
    slots = List.copyOf(next);
  }

  private String imageId(String reference) {
    try {
      return ctx.images().resolve(reference).imageId();
    } catch (ImagePullException e) {
      return "";
    }
  }

  private void sync() {
    if (finished) {
      return;
    }
    Instant now = ctx.clock().instant();
    if (deleted || pod.terminating()) {
      terminate(now);
      return;
    }
    for (ContainerSlot slot : slots) {
      if (slot.process != null || (slot.last != null && !restartWanted(pod.restartPolicy(), slot.last.exit()))) {
        continue;
      }
      if (slot.retryAt != null && now.isBefore(slot.retryAt)) {
        retryLater(slot, now);
        continue;
      }
      slot.retryAt = null;
      start(slot, now);
    }
    publish(now);
  }

  private void start(ContainerSlot slot, Instant now) {
    int count = slot.everStarted ? slot.restartCount + 1 : slot.restartCount;
    switch (ctx.starter().start(pod, slot, count)) {
      case ContainerStarter.Outcome.Started started -> {
        slot.process = started.process();
        slot.restartCount = count;
        slot.everStarted = true;
        slot.waiting = null;
        slot.startBackOff.reset();
        watch(slot, started.process());
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

  private void watch(ContainerSlot slot, ContainerProcess process) {
    process.exit().thenAccept(exit -> submit(() -> exited(slot, process, exit)));
  }

  private void exited(ContainerSlot slot, ContainerProcess process, Exit exit) {
    if (slot.process != process) {
      return;
    }
    slot.process = null;
    slot.stopping = false;
    slot.last = new ContainerSlot.Termination(process.pid(), process.startedAt(), exit);
    slot.waiting = null;
    log.info("pod {}: container {} (pid {}) exited with {}", pod.key(), slot.name, process.pid(),
        exit.codeKnown() ? "code " + exit.code() : "an unknown code");
    if (!deleted && !pod.terminating() && restartWanted(pod.restartPolicy(), exit)) {
      Duration delay = slot.crashBackOff.next(process.startedAt(), exit.finishedAt());
      slot.retryAt = exit.finishedAt().plus(delay);
      String podRef = pod.meta().name() + "_" + pod.meta().namespace() + "(" + pod.meta().uid() + ")";
      slot.waiting = new ContainerSlot.Waiting("CrashLoopBackOff",
          "back-off " + goDuration(delay) + " restarting failed container=" + slot.name + " pod=" + podRef);
      ctx.api().event(pod, EventType.Warning, "BackOff",
          "Back-off restarting failed container " + slot.name + " in pod " + podRef);
    }
    sync();
  }

  private void retryLater(ContainerSlot slot, Instant now) {
    if (slot.retryTimer == null) {
      slot.retryTimer = ctx.scheduler().schedule(Duration.between(now, slot.retryAt), () -> submit(() -> {
        slot.retryTimer = null;
        sync();
      }));
    }
  }

  private void terminate(Instant now) {
    boolean running = false;
    for (ContainerSlot slot : slots) {
      slot.cancelRetry();
      slot.retryAt = null;
      if (slot.process == null) {
        continue;
      }
      running = true;
      if (!slot.stopping) {
        slot.stopping = true;
        ctx.api().event(pod, EventType.Normal, "Killing", "Stopping container " + slot.name);
        log.info("pod {}: stopping container {} (pid {}), grace period {}s", pod.key(), slot.name,
            slot.process.pid(), pod.gracePeriodSeconds());
        ctx.runtime().stop(slot.process, Duration.ofSeconds(pod.gracePeriodSeconds()));
      }
    }
    if (running) {
      publish(now);
      return;
    }
    if (deleted) {
      finished = true;
      if (statusRetry != null) {
        statusRetry.cancel();
      }
      removeFolder();
      log.info("pod {}: deleted; its containers are stopped and its folder removed", pod.key());
      onFinished.run();
      return;
    }
    publish(now);
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

  private void publish(Instant now) {
    if (deleted) {
      return;
    }
    ObjectNode next = status.build(pod, slots, ctx.settings().address(), startTime, now);
    if (next.equals(published)) {
      return;
    }
    try {
      ctx.api().patchStatus(pod, next);
      published = next;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return;
      }
      retryStatus(e);
    } catch (RuntimeException e) {
      retryStatus(e);
    }
  }

  private void retryStatus(RuntimeException e) {
    log.warn("pod {}: could not report status, retrying in {}: {}", pod.key(), STATUS_RETRY, e.getMessage());
    if (statusRetry == null) {
      statusRetry = ctx.scheduler().schedule(STATUS_RETRY, () -> submit(() -> {
        statusRetry = null;
        sync();
      }));
    }
  }

  private void removeFolder() {
    try {
      Folders.deleteTree(podDir);
    } catch (IOException e) {
      log.warn("pod {}: could not remove {}: {}", pod.key(), podDir, e.getMessage());
    }
  }

  /** A duration as Go prints one, as in the kubelet's messages: 10s, 1m20s, 5m0s. */
  static String goDuration(Duration d) {
    long seconds = d.toSeconds();
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
  }
}
