package dev.kctl.kletd.pods;

import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.pods.PodView.RestartPolicy;
import dev.kctl.kletd.probe.Action;
import dev.kctl.kletd.probe.Outcome;
import dev.kctl.kletd.probe.ProbeLoop;
import dev.kctl.kletd.probe.ProbeLoop.Kind;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.LaunchSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks around a running container instance: its postStart hook, then its startup, liveness
 * and readiness probes, and what their results do (Unhealthy events, readiness, a kill on a failed
 * liveness or startup probe). Used by the pod's tasks only; probe results come back as tasks.
 */
final class ProbesAndHooks {
  private static final Logger log = LoggerFactory.getLogger(ProbesAndHooks.class);
  private static final Duration UNHEALTHY_EVENT_INTERVAL = Duration.ofMinutes(1);
  /** The least time a postStart hook gets (the pod's grace period when longer). */
  private static final long HOOK_TIMEOUT_SECONDS = 30;

  private final PodWorker.Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final StatusReporter status;
  private final VolumeSetup volumes;
  private final Termination termination;

  ProbesAndHooks(PodWorker.Context ctx, PodState state, TaskQueue tasks, StatusReporter status, VolumeSetup volumes,
      Termination termination) {
    this.ctx = ctx;
    this.state = state;
    this.tasks = tasks;
    this.status = status;
    this.volumes = volumes;
    this.termination = termination;
  }

  /** Starts the probes of a container instance; {@code spec} null when its env is unknown. */
  void beginProbes(ContainerSlot slot, ContainerProcess process, LaunchSpec spec) {
    Target target = target(slot, process, spec);
    slot.target = target;
    ProbeLoop.Listener listener = new ProbeLoop.Listener() {
      @Override
      public void failed(Kind kind, String message) {
        tasks.submit(() -> probeFailed(slot, process, kind, message));
      }

      @Override
      public void changed(Kind kind, boolean success) {
        tasks.submit(() -> probeChanged(slot, process, kind, success));
      }
    };
    slot.probes = new ProbeSet(slot.spec.json(), (kind, probe) -> new ProbeLoop(kind, probe, target, ctx.actions(),
        ctx.scheduler(), ctx.executor(), listener));
    slot.probes.start(runningFor(process));
  }

  /**
   * Runs the container's postStart hook, if any, then starts its probes. A failed hook gets the
   * container killed (event FailedPostStartHook); the restart policy decides what follows.
   */
  void postStart(ContainerSlot slot, ContainerProcess process, LaunchSpec spec) {
    Optional<Action> hook = Action.parse(slot.spec.json().path("lifecycle").path("postStart"));
    if (hook.isEmpty()) {
      beginProbes(slot, process, spec);
      return;
    }
    Target target = target(slot, process, spec);
    slot.target = target;
    slot.hookRunning = true;
    Duration timeout = Duration.ofSeconds(Math.max(HOOK_TIMEOUT_SECONDS, state.pod.gracePeriodSeconds()));
    ctx.executor().execute(() -> {
      Outcome outcome = ctx.actions().run(hook.get(), target, timeout);
      tasks.submit(() -> postStartDone(slot, process, spec, hook.get(), outcome));
    });
  }

  /** The kubelet's wording for a failed lifecycle hook; {@code podRef} as {@link PodState#podRef()}. */
  static String hookFailure(Action hook, ContainerSlot slot, String podRef, Outcome.Failure failure) {
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

  private void postStartDone(ContainerSlot slot, ContainerProcess process, LaunchSpec spec, Action hook,
      Outcome outcome) {
    if (slot.process != process || state.finished) {
      return;
    }
    PodView pod = state.pod;
    slot.hookRunning = false;
    if (outcome instanceof Outcome.Failure failure && !slot.stopping) {
      ctx.api().event(pod, EventType.Warning, "FailedPostStartHook", hookFailure(hook, slot, state.podRef(), failure));
      ctx.api().event(pod, EventType.Normal, "Killing", "FailedPostStartHook");
      slot.stopping = true;
      log.info("pod {}: postStart hook of container {} failed; stopping it", pod.key(), slot.name);
      ctx.runtime().stop(process, Duration.ofSeconds(pod.gracePeriodSeconds()));
    } else if (!slot.stopping) {
      beginProbes(slot, process, spec);
    }
    status.publish(ctx.clock().instant());
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
    boolean ownNamespace = !slot.spec.json().path("volumeMounts").isEmpty() || volumes.hostsFile().isPresent();
    return new Target(ctx.settings().address(), ports, spec == null ? Map.of() : spec.env(),
        spec == null ? slot.dir : spec.workingDir(), process.pid(),
        ownNamespace ? ctx.runtime().nsenter() : Optional.empty());
  }

  private Duration runningFor(ContainerProcess process) {
    Duration d = Duration.between(process.startedAt(), ctx.clock().instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private void probeFailed(ContainerSlot slot, ContainerProcess process, Kind kind, String message) {
    if (slot.process != process || state.finished) {
      return;
    }
    Instant now = ctx.clock().instant();
    String text = kind + " probe failed: " + message;
    // Probes fail every period; one event per distinct message a minute keeps the event list readable.
    Instant last = slot.unhealthyEvents.get(text);
    if (last == null || !now.isBefore(last.plus(UNHEALTHY_EVENT_INTERVAL))) {
      slot.unhealthyEvents.put(text, now);
      ctx.api().event(state.pod, EventType.Warning, "Unhealthy", text);
    }
  }

  private void probeChanged(ContainerSlot slot, ContainerProcess process, Kind kind, boolean success) {
    if (slot.process != process || slot.stopping || state.finished) {
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
    log.info("pod {}: container {} {} probe now {}", state.pod.key(), slot.name, kind, success ? "passes" : "fails");
    status.publish(ctx.clock().instant());
  }

  /** What the kubelet does when a liveness or startup probe fails: stop the container; the restart policy decides. */
  private void killFailed(ContainerSlot slot, ContainerProcess process, Kind kind) {
    PodView pod = state.pod;
    String which = kind.name().toLowerCase(Locale.ROOT);
    boolean restart = pod.restartPolicy() != RestartPolicy.Never;
    ctx.api().event(pod, EventType.Normal, "Killing", "Container " + slot.name + " failed " + which + " probe"
        + (restart ? ", will be restarted" : ""));
    Duration grace = Duration.ofSeconds(slot.probes.killGrace(kind, pod.gracePeriodSeconds()));
    slot.stopping = true;
    slot.probes.stop();
    log.info("pod {}: container {} (pid {}) failed its {} probe; stopping it, grace period {}", pod.key(),
        slot.name, process.pid(), which, grace);
    termination.stopContainer(slot, process, grace);
  }
}
