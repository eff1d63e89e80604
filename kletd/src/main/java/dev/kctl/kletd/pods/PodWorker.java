package dev.kctl.kletd.pods;

import dev.kctl.api.ResourceType;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.logs.ContainerLog;
import dev.kctl.kletd.probe.ActionRunner;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Recorded;
import dev.kctl.kletd.runtime.Scheduler;
import dev.kctl.kletd.stats.RunningContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod, like the kubelet's pod worker: every trigger (a new version of the pod from the
 * watch, a process exit, the end of a back-off, the deletion) becomes a task on the pod's
 * {@link TaskQueue}, and each ends with {@link #sync()}, which compares what should run with what
 * does, acts, and reports the pod's status when it changed. The acting is done by its parts:
 * {@link VolumeSetup}, {@link ContainerRunner}, {@link ProbesAndHooks}, {@link Termination} and
 * {@link StatusReporter}.
 */
final class PodWorker {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);

  /** What all workers of a node share. */
  record Context(PodSettings settings, ContainerStarter starter, ImageResolver images, ContainerRuntime runtime,
      PodApi api, ActionRunner actions, InstantSource clock, Scheduler scheduler, Executor executor) {}

  private final Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final VolumeSetup volumes;
  private final StatusReporter status;
  private final Termination termination;
  private final ProbesAndHooks hooks;
  private final ContainerRunner runner;

  PodWorker(Context ctx, PodView pod, Runnable onFinished) {
    this.ctx = ctx;
    this.state = new PodState(pod, ctx.settings().podsDir().resolve(
        pod.meta().namespace() + "_" + pod.meta().name() + "_" + pod.meta().uid()));
    this.tasks = new TaskQueue(ctx.executor(), () -> state.pod.key());
    this.volumes = new VolumeSetup(ctx, state, tasks, this::sync);
    this.status = new StatusReporter(ctx, state, tasks, this::sync);
    this.termination = new Termination(ctx, state, tasks, status, volumes, onFinished);
    this.hooks = new ProbesAndHooks(ctx, state, tasks, status, volumes, termination);
    this.runner = new ContainerRunner(ctx, state, tasks, volumes, hooks, this::sync);
  }

  void update(PodView view) {
    tasks.submit(() -> {
      state.pod = view;
      adoptNewContainers();
      volumes.refresh();
      sync();
    });
  }

  /** A ConfigMap or Secret changed: rewrites the pod's volumes that show it. */
  void sourceChanged(ResourceType type, String namespace, String name) {
    tasks.submit(() -> volumes.sourceChanged(type, namespace, name));
  }

  /** What a Service name stands for changed: rewrites the pod's hosts file once its volumes are set up. */
  void serviceNamesChanged() {
    volumes.serviceNamesChanged();
  }

  void delete(PodView last) {
    tasks.submit(() -> {
      state.pod = last;
      state.deleted = true;
      sync();
    });
  }

  Optional<ContainerLog> log(String container) {
    List<ContainerSlot> current = state.slots;
    return slot(current, container).map(s -> {
      int count = s.restartCount;
      ContainerProcess process = s.process;
      Path previous = s.logFile(count - 1);
      return new ContainerLog(s.logFile(count),
          count > 0 && Files.exists(previous) ? Optional.of(previous) : Optional.empty(),
          () -> process != null && process.isRunning());
    });
  }

  /** The containers whose process runs now, for the stats collector. */
  List<RunningContainer> running() {
    // Read off the pod's task: the view may be replaced meanwhile, but a pod's name and uid never change.
    PodView view = state.pod;
    List<RunningContainer> running = new ArrayList<>();
    for (ContainerSlot slot : state.slots) {
      ContainerProcess process = slot.process;
      if (process != null && process.isRunning()) {
        running.add(new RunningContainer(view.meta().namespace(), view.meta().name(), view.meta().uid(), slot.name,
            process.pid(), process.startedAt(), ctx.runtime().cgroups(slot.dir)));
      }
    }
    return running;
  }

  /** Where a command run in {@code container} (empty: the only app container) acts, while it runs. */
  Optional<Target> execTarget(String container) {
    return slot(state.slots, container).map(s -> s.target);
  }

  /** The container named so; an empty name means the only app container. */
  private static Optional<ContainerSlot> slot(List<ContainerSlot> slots, String container) {
    List<ContainerSlot> apps = slots.stream().filter(s -> !s.init).toList();
    return container.isEmpty() && apps.size() == 1
        ? Optional.of(apps.getFirst())
        : slots.stream().filter(s -> s.name.equals(container)).findFirst();
  }

  /** Creates a slot per container seen for the first time, adopting what an earlier kletd left running. */
  private void adoptNewContainers() {
    PodView pod = state.pod;
    List<ContainerSlot> next = new ArrayList<>(state.slots);
    List<PodView.ContainerView> all = pod.allContainers();
    for (int i = 0; i < all.size(); i++) {
      PodView.ContainerView c = all.get(i);
      Optional<ContainerSlot> known = next.stream().filter(s -> s.name.equals(c.name())).findFirst();
      if (known.isPresent()) {
        known.get().spec = c;
        continue;
      }
      boolean init = i < pod.initContainers().size();
      ContainerSlot slot = new ContainerSlot(c, state.podDir.resolve(c.name()), init);
      if (!pod.initContainers().isEmpty()) {
        slot.waiting = new ContainerSlot.Waiting("PodInitializing", "");
      }
      switch (ctx.runtime().recall(slot.dir).orElse(null)) {
        case null -> { }
        case Recorded.Running running -> {
          slot.process = running.process();
          slot.restartCount = running.restartCount();
          slot.everStarted = true;
          slot.waiting = null;
          slot.imageId = imageId(c.image());
          runner.watch(slot, running.process());
          hooks.beginProbes(slot, running.process(), ctx.starter().describe(pod, slot).orElse(null));
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
    state.slots = List.copyOf(next);
    state.initialized |= initDone();
  }

  /**
   * Whether the init containers are done: each completed successfully, or an app container has
   * already run (after a restart of kletd an init container's record may be gone), as the kubelet judges.
   */
  private boolean initDone() {
    List<ContainerSlot> slots = state.slots;
    return slots.stream().filter(s -> s.init).allMatch(s -> s.process == null && s.last != null
        && s.last.exit().succeeded())
        || slots.stream().anyMatch(s -> !s.init && s.everStarted);
  }

  private String imageId(String reference) {
    try {
      return ctx.images().resolve(reference).imageId();
    } catch (ImagePullException e) {
      return "";
    }
  }

  private void sync() {
    if (state.finished) {
      return;
    }
    Instant now = ctx.clock().instant();
    if (state.ending()) {
      termination.terminate(now);
      return;
    }
    if (!volumes.ready() && !volumes.setUp(now)) {
      status.publish(now);
      return;
    }
    if (!state.initialized) {
      runner.runInit(now);
      state.initialized = initDone();
      if (!state.initialized) {
        status.publish(now);
        return;
      }
      log.info("pod {}: init containers done; starting its containers", state.pod.key());
    }
    runner.runApps(now);
    status.publish(now);
  }
}
