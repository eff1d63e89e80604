package dev.kctl.kletd.pods;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.logs.ContainerLog;
import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.pods.PodView.RestartPolicy;
import dev.kctl.kletd.probe.Action;
import dev.kctl.kletd.probe.ActionRunner;
import dev.kctl.kletd.probe.Outcome;
import dev.kctl.kletd.probe.ProbeLoop;
import dev.kctl.kletd.probe.ProbeLoop.Kind;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.proxy.ServiceAddress;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.LaunchSpec;
import dev.kctl.kletd.runtime.Recorded;
import dev.kctl.kletd.runtime.Scheduler;
import dev.kctl.kletd.stats.RunningContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private static final Duration UNHEALTHY_EVENT_INTERVAL = Duration.ofMinutes(1);
  /** The least time a postStart hook gets (the pod's grace period when longer). */
  private static final long HOOK_TIMEOUT_SECONDS = 30;
  private static final Duration MIN_GRACE_AFTER_HOOK = Duration.ofSeconds(2);

  /** What all workers of a node share. */
  record Context(PodSettings settings, ContainerStarter starter, ImageResolver images, ContainerRuntime runtime,
      PodApi api, ActionRunner actions, InstantSource clock, Scheduler scheduler, Executor executor) {}

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
  /** Whether the init containers are done; once true, stays true for the pod's life. */
  private boolean initialized;
  private final PodVolumes volumes;
  /** The pod's hosts file, bind-mounted over /etc/hosts; written with the volumes, none on simulated nodes. */
  private final Path hostsFile;
  private boolean hostsWritten;
  /** Set while a rewrite of the hosts file is queued, so that a burst of Service changes queues one. */
  private final AtomicBoolean hostsPending = new AtomicBoolean();
  /** The pod's volume folders by name, once set up; null before. */
  private Map<String, Path> volumeFolders;
  private final BackOff mountBackOff = new BackOff();
  private Scheduler.Cancellable mountRetry;
  /** The pod-wide warnings recorded (by reason), each once per pod. */
  private final Set<String> podWarnings = new HashSet<>();
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
    this.volumes = new PodVolumes(podDir, ctx.settings(), ctx.api(), ctx.clock());
    this.hostsFile = podDir.resolve("etc-hosts");
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
      if (volumeFolders != null && !deleted && !pod.terminating()) {
        refreshVolumes();
      }
      sync();
    });
  }

  /** A ConfigMap or Secret changed: rewrites the pod's volumes that show it. */
  void sourceChanged(ResourceType type, String namespace, String name) {
    submit(() -> {
      if (volumeFolders != null && !finished && pod.meta().namespace().equals(namespace)
          && PodVolumes.uses(pod, type, name)) {
        refreshVolumes();
      }
    });
  }

  /** What a Service name stands for changed: rewrites the pod's hosts file once its volumes are set up. */
  void serviceNamesChanged() {
    if (hostsPending.compareAndSet(false, true)) {
      submit(() -> {
        hostsPending.set(false);
        if (hostsWritten && !finished && !deleted) {
          try {
            writeHosts();
          } catch (PodVolumes.MountException e) {
            log.warn("pod {}: {}; it keeps the previous Service names", pod.key(), e.getMessage());
          }
        }
      });
    }
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
    List<ContainerSlot> apps = current.stream().filter(s -> !s.init).toList();
    Optional<ContainerSlot> slot = container.isEmpty() && apps.size() == 1
        ? Optional.of(apps.getFirst())
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

  /** The containers whose process runs now, for the stats collector. */
  List<RunningContainer> running() {
    // Read off the pod's task: the view may be replaced meanwhile, but a pod's name and uid never change.
    PodView view = pod;
    List<RunningContainer> running = new ArrayList<>();
    for (ContainerSlot slot : slots) {
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
    List<ContainerSlot> apps = slots.stream().filter(s -> !s.init).toList();
    Optional<ContainerSlot> slot = container.isEmpty() && apps.size() == 1
        ? Optional.of(apps.getFirst())
        : slots.stream().filter(s -> s.name.equals(container)).findFirst();
    return slot.map(s -> s.target);
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
    List<PodView.ContainerView> all = pod.allContainers();
    for (int i = 0; i < all.size(); i++) {
      PodView.ContainerView c = all.get(i);
      Optional<ContainerSlot> known = next.stream().filter(s -> s.name.equals(c.name())).findFirst();
      if (known.isPresent()) {
        known.get().spec = c;
        continue;
      }
      boolean init = i < pod.initContainers().size();
      ContainerSlot slot = new ContainerSlot(c, podDir.resolve(c.name()), init);
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
          watch(slot, running.process());
          beginProbes(slot, running.process(), ctx.starter().describe(pod, slot).orElse(null));
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
    initialized |= initDone();
  }

  /**
   * Whether the init containers are done: each completed successfully, or an app container has
   * already run (after a restart of kletd an init container's record may be gone), as the kubelet judges.
   */
  private boolean initDone() {
    return slots.stream().filter(s -> s.init).allMatch(s -> s.process == null && s.last != null
        && s.last.exit().succeeded())
        || slots.stream().anyMatch(s -> !s.init && s.everStarted);
  }

  /** Runs the init containers one at a time, in order; returns once one runs, waits or failed for good. */
  private void runInit(Instant now) {
    for (ContainerSlot slot : slots) {
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

  /**
   * Whether a container that ended with {@code exit} is started again: by the pod's restart policy,
   * where an init container is restarted on failure unless the policy is Never.
   */
  private boolean restartWanted(ContainerSlot slot, Exit exit) {
    if (slot.init) {
      return pod.restartPolicy() != RestartPolicy.Never && !exit.succeeded();
    }
    return restartWanted(pod.restartPolicy(), exit);
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
    if (volumeFolders == null && !setUpVolumes(now)) {
      publish(now);
      return;
    }
    if (!initialized) {
      runInit(now);
      initialized = initDone();
      if (!initialized) {
        publish(now);
        return;
      }
      log.info("pod {}: init containers done; starting its containers", pod.key());
    }
    for (ContainerSlot slot : slots) {
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
    publish(now);
  }

  /** Materialises the pod's volumes; on failure records FailedMount and tries again with back-off. */
  private boolean setUpVolumes(Instant now) {
    try {
      volumeFolders = volumes.setUp(pod);
      writeHosts();
      mountBackOff.reset();
      for (String unsupported : volumes.unsupported()) {
        ctx.api().event(pod, EventType.Warning, "FailedMount", unsupported);
      }
      return true;
    } catch (PodVolumes.MountException e) {
      ctx.api().event(pod, EventType.Warning, "FailedMount", e.getMessage());
      Duration delay = mountBackOff.next(now, now);
      log.warn("pod {}: volumes not ready, retrying in {}: {}", pod.key(), delay, e.getMessage());
      if (mountRetry == null) {
        mountRetry = ctx.scheduler().schedule(delay, () -> submit(() -> {
          mountRetry = null;
          sync();
        }));
      }
      return false;
    }
  }

  /**
   * Writes the hosts file from the Services as the proxy sees them now; nothing where kletd serves
   * no Service names. The file is rewritten in place, so containers already running see the change.
   */
  private void writeHosts() throws PodVolumes.MountException {
    Optional<List<ServiceAddress>> names = ctx.api().serviceNames();
    if (names.isEmpty()) {
      return;
    }
    try {
      String content = HostsFile.content(Files.readString(HostsFile.NODE_HOSTS), pod, ctx.settings().address(),
          names.get());
      if (HostsFile.write(hostsFile, content)) {
        log.debug("pod {}: wrote {} with {} Services", pod.key(), hostsFile, names.get().size());
      }
      hostsWritten = true;
    } catch (IOException e) {
      throw new PodVolumes.MountException("cannot write the hosts file " + hostsFile + " of pod " + pod.key()
          + " from " + HostsFile.NODE_HOSTS + ": " + e.getMessage());
    }
  }

  private void refreshVolumes() {
    try {
      List<String> changed = volumes.refresh(pod);
      if (!changed.isEmpty()) {
        log.info("pod {}: updated volumes {}", pod.key(), changed);
      }
    } catch (PodVolumes.MountException e) {
      log.warn("pod {}: could not update its volumes: {}", pod.key(), e.getMessage());
      ctx.api().event(pod, EventType.Warning, "FailedMount", e.getMessage());
    }
  }

  private void start(ContainerSlot slot, Instant now) {
    int count = slot.everStarted ? slot.restartCount + 1 : slot.restartCount;
    Optional<Path> hosts = hostsWritten ? Optional.of(hostsFile) : Optional.empty();
    switch (ctx.starter().start(pod, slot, count, volumeFolders, hosts, podWarnings)) {
      case ContainerStarter.Outcome.Started started -> {
        slot.process = started.process();
        slot.restartCount = count;
        slot.everStarted = true;
        slot.waiting = null;
        slot.startBackOff.reset();
        watch(slot, started.process());
        postStart(slot, started.process(), started.spec());
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
    slot.probes.stop();
    slot.probes = ProbeSet.none();
    slot.hookRunning = false;
    slot.target = null;
    slot.last = new ContainerSlot.Termination(process.pid(), process.startedAt(), exit);
    slot.waiting = null;
    log.info("pod {}: container {} (pid {}) exited with {}", pod.key(), slot.name, process.pid(),
        exit.codeKnown() ? "code " + exit.code() : "an unknown code");
    if (!deleted && !pod.terminating() && restartWanted(slot, exit)) {
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

  /** Starts the probes of a container instance; {@code spec} null when its env is unknown. */
  private void beginProbes(ContainerSlot slot, ContainerProcess process, LaunchSpec spec) {
    Target target = target(slot, process, spec);
    slot.target = target;
    ProbeLoop.Listener listener = new ProbeLoop.Listener() {
      @Override
      public void failed(Kind kind, String message) {
        submit(() -> probeFailed(slot, process, kind, message));
      }

      @Override
      public void changed(Kind kind, boolean success) {
        submit(() -> probeChanged(slot, process, kind, success));
      }
    };
    slot.probes = new ProbeSet(slot.spec.json(), (kind, probe) -> new ProbeLoop(kind, probe, target, ctx.actions(),
        ctx.scheduler(), ctx.executor(), listener));
    slot.probes.start(runningFor(process));
  }

  private Target target(ContainerSlot slot, ContainerProcess process, LaunchSpec spec) {
    Map<String, Integer> ports = new HashMap<>();
    for (PodView.PortView port : slot.spec.ports()) {
      int host = port.hostPort() > 0 ? port.hostPort() : port.containerPort();
      ports.put(Integer.toString(port.containerPort()), host);
      if (!port.name().isEmpty()) {
        ports.put(port.name(), host);
      }
    }
    return new Target(ctx.settings().address(), ports, spec == null ? Map.of() : spec.env(),
        spec == null ? slot.dir : spec.workingDir(), process.pid(),
        slot.spec.json().path("volumeMounts").isEmpty() && !hostsWritten ? Optional.empty() : ctx.runtime().nsenter());
  }

  private Duration runningFor(ContainerProcess process) {
    Duration d = Duration.between(process.startedAt(), ctx.clock().instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private void probeFailed(ContainerSlot slot, ContainerProcess process, Kind kind, String message) {
    if (slot.process != process || finished) {
      return;
    }
    Instant now = ctx.clock().instant();
    String text = kind + " probe failed: " + message;
    // Probes fail every period; one event per distinct message a minute keeps the event list readable.
    Instant last = slot.unhealthyEvents.get(text);
    if (last == null || !now.isBefore(last.plus(UNHEALTHY_EVENT_INTERVAL))) {
      slot.unhealthyEvents.put(text, now);
      ctx.api().event(pod, EventType.Warning, "Unhealthy", text);
    }
  }

  private void probeChanged(ContainerSlot slot, ContainerProcess process, Kind kind, boolean success) {
    if (slot.process != process || slot.stopping || finished) {
      return;
    }
    switch (kind) {
      case Readiness -> slot.probes.readiness(success);
      case Startup -> {
        if (success) {
          slot.probes.startupPassed(runningFor(process));
        } else {
          killFailed(slot, process, kind);
        }
      }
      case Liveness -> {
        if (!success) {
          killFailed(slot, process, kind);
        }
      }
    }
    log.info("pod {}: container {} {} probe now {}", pod.key(), slot.name, kind, success ? "passes" : "fails");
    publish(ctx.clock().instant());
  }

  /** What the kubelet does when a liveness or startup probe fails: stop the container; the restart policy decides. */
  private void killFailed(ContainerSlot slot, ContainerProcess process, Kind kind) {
    String which = kind.name().toLowerCase(Locale.ROOT);
    boolean restart = pod.restartPolicy() != RestartPolicy.Never;
    ctx.api().event(pod, EventType.Normal, "Killing", "Container " + slot.name + " failed " + which + " probe"
        + (restart ? ", will be restarted" : ""));
    Duration grace = Duration.ofSeconds(slot.probes.killGrace(kind, pod.gracePeriodSeconds()));
    slot.stopping = true;
    slot.probes.stop();
    log.info("pod {}: container {} (pid {}) failed its {} probe; stopping it, grace period {}", pod.key(),
        slot.name, process.pid(), which, grace);
    stopContainer(slot, process, grace);
  }

  /**
   * Runs the container's postStart hook, if any, then starts its probes. A failed hook gets the
   * container killed (event FailedPostStartHook); the restart policy decides what follows.
   */
  private void postStart(ContainerSlot slot, ContainerProcess process, LaunchSpec spec) {
    Optional<Action> hook = Action.parse(slot.spec.json().path("lifecycle").path("postStart"));
    if (hook.isEmpty()) {
      beginProbes(slot, process, spec);
      return;
    }
    Target target = target(slot, process, spec);
    slot.target = target;
    slot.hookRunning = true;
    Duration timeout = Duration.ofSeconds(Math.max(HOOK_TIMEOUT_SECONDS, pod.gracePeriodSeconds()));
    ctx.executor().execute(() -> {
      Outcome outcome = ctx.actions().run(hook.get(), target, timeout);
      submit(() -> postStartDone(slot, process, spec, hook.get(), outcome));
    });
  }

  private void postStartDone(ContainerSlot slot, ContainerProcess process, LaunchSpec spec, Action hook,
      Outcome outcome) {
    if (slot.process != process || finished) {
      return;
    }
    slot.hookRunning = false;
    if (outcome instanceof Outcome.Failure failure && !slot.stopping) {
      ctx.api().event(pod, EventType.Warning, "FailedPostStartHook", hookFailure(hook, slot, failure));
      ctx.api().event(pod, EventType.Normal, "Killing", "FailedPostStartHook");
      slot.stopping = true;
      log.info("pod {}: postStart hook of container {} failed; stopping it", pod.key(), slot.name);
      ctx.runtime().stop(process, Duration.ofSeconds(pod.gracePeriodSeconds()));
    } else if (!slot.stopping) {
      beginProbes(slot, process, spec);
    }
    publish(ctx.clock().instant());
  }

  /**
   * Stops a container: its preStop hook first, if any (within the grace period), then SIGTERM and,
   * after what is left of the grace period (at least 2 s, as the kubelet gives), SIGKILL.
   */
  private void stopContainer(ContainerSlot slot, ContainerProcess process, Duration grace) {
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
        submit(() -> ctx.api().event(pod, EventType.Warning, "FailedPreStopHook",
            hookFailure(hook.get(), slot, failure)));
      }
      Duration left = grace.minus(Duration.between(began, ctx.clock().instant()));
      ctx.runtime().stop(process, left.compareTo(MIN_GRACE_AFTER_HOOK) < 0 ? MIN_GRACE_AFTER_HOOK : left);
    });
  }

  /** The kubelet's wording for a failed lifecycle hook. */
  private String hookFailure(Action hook, ContainerSlot slot, Outcome.Failure failure) {
    String podRef = pod.meta().name() + "_" + pod.meta().namespace() + "(" + pod.meta().uid() + ")";
    return switch (hook) {
      case Action.Exec exec -> "Exec lifecycle hook (" + exec.command() + ") for Container \"" + slot.name
          + "\" in Pod \"" + podRef + "\" failed - error: command '" + String.join(" ", exec.command())
          + "' exited with a non-zero code, message: \"" + failure.message() + "\"";
      case Action.HttpGet get -> "HTTP lifecycle hook (" + get.path() + ") for Container \"" + slot.name
          + "\" in Pod \"" + podRef + "\" failed - error: " + failure.message();
      case Action.TcpSocket tcp -> "TCP lifecycle hook for Container \"" + slot.name + "\" in Pod \"" + podRef
          + "\" failed - error: " + failure.message();
      case Action.Sleep sleep -> "Sleep lifecycle hook for Container \"" + slot.name + "\" failed: "
          + failure.message();
    };
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
      publish(now);
      return;
    }
    if (deleted) {
      finished = true;
      if (statusRetry != null) {
        statusRetry.cancel();
      }
      if (mountRetry != null) {
        mountRetry.cancel();
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
    ObjectNode next = status.build(pod, slots, initialized, ctx.settings().address(), startTime, now);
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
