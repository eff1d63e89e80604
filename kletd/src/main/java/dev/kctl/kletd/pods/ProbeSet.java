package dev.kctl.kletd.pods;

import dev.kctl.kletd.probe.Probe;
import dev.kctl.kletd.probe.ProbeLoop;
import dev.kctl.kletd.probe.ProbeLoop.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The probes of one running instance of a container, and what they say so far: whether it has
 * {@link #started()} (its startup probe passed, or it has none) and whether it is {@link #ready()}
 * (its readiness probe passed, or it has none). The startup probe holds the other two back until it
 * passes, as in Kubernetes. Owned by the pod's worker; a new instance of the container gets a new set.
 */
final class ProbeSet {
  private final Optional<Probe> liveness;
  private final Optional<Probe> readiness;
  private final Optional<Probe> startup;
  private final BiFunction<Kind, Probe, ProbeLoop> loops;
  private final List<ProbeLoop> running = new ArrayList<>();
  private boolean started;
  private boolean ready;

  /**
   * @param container the container's spec, whose probes are read
   * @param loops makes the loop of one probe, wired to the worker
   */
  ProbeSet(JsonNode container, BiFunction<Kind, Probe, ProbeLoop> loops) {
    this.liveness = Probe.parse(container.path("livenessProbe"));
    this.readiness = Probe.parse(container.path("readinessProbe"));
    this.startup = Probe.parse(container.path("startupProbe"));
    this.loops = loops;
    this.ready = readiness.isEmpty();
  }

  /** A container without probes: started and ready as soon as it runs. */
  static ProbeSet none() {
    return new ProbeSet(tools.jackson.databind.node.MissingNode.getInstance(), (k, p) -> {
      throw new IllegalStateException("no probes");
    });
  }

  /** Starts probing an instance that has been running for {@code runningFor}. */
  void start(Duration runningFor) {
    if (startup.isPresent()) {
      launch(Kind.Startup, startup.get(), runningFor);
    } else {
      startupPassed(runningFor);
    }
  }

  /** The startup probe passed (or there is none): liveness and readiness probes begin. */
  void startupPassed(Duration runningFor) {
    started = true;
    liveness.ifPresent(p -> launch(Kind.Liveness, p, runningFor));
    readiness.ifPresent(p -> launch(Kind.Readiness, p, runningFor));
  }

  void readiness(boolean ok) {
    ready = ok;
  }

  boolean started() {
    return started;
  }

  boolean ready() {
    return started && ready;
  }

  /** The grace period of the kill after {@code kind} failed: the probe's own, else {@code podGrace}. */
  long killGrace(Kind kind, long podGrace) {
    Optional<Probe> probe = kind == Kind.Liveness ? liveness : startup;
    return probe.map(Probe::terminationGracePeriodSeconds).filter(s -> s >= 0).orElse(podGrace);
  }

  void stop() {
    running.forEach(ProbeLoop::stop);
    running.clear();
  }

  private void launch(Kind kind, Probe probe, Duration runningFor) {
    ProbeLoop loop = loops.apply(kind, probe);
    running.add(loop);
    loop.start(runningFor);
  }
}
