package dev.kctl.kletd.probe;

import dev.kctl.kletd.runtime.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Probes one container on a timer, like the kubelet's probe worker: the first probe runs once
 * {@code initialDelaySeconds} have passed since the container started, the next ones
 * {@code periodSeconds} after the previous one ended; each runs on {@code executor} with the
 * probe's timeout. A result counts once it is the same {@code successThreshold} (success) or
 * {@code failureThreshold} (failure) times in a row; the listener hears of every failed attempt and
 * of every change of the counted result.
 *
 * <p>The counted result starts as failure for readiness, success for liveness and none for startup.
 * A liveness or startup loop stops at its first counted failure: the container is then killed, and
 * its next instance gets a new loop. A startup loop also stops once it succeeded. No busy loops: between probes nothing runs.
 */
public final class ProbeLoop {

  /** The three kinds of probe; their names are the ones events print ("Liveness probe failed"). */
  public enum Kind { Liveness, Readiness, Startup }

  /** Hears about one container's probe; called on the executor's threads, one call at a time. */
  public interface Listener {
    /** One attempt failed; the kubelet records an {@code Unhealthy} event for each. */
    void failed(Kind kind, String message);

    /** The counted result changed. */
    void changed(Kind kind, boolean success);
  }

  private final Kind kind;
  private final Probe probe;
  private final Target target;
  private final ActionRunner runner;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Listener listener;

  /** Guards the fields below; never held while probing or calling the listener. */
  private final Object lock = new Object();
  private boolean stopped;
  private Scheduler.Cancellable timer;
  /** The counted result; null while a startup probe has none yet. */
  private Boolean counted;
  private Boolean lastRaw;
  private int run;

  public ProbeLoop(Kind kind, Probe probe, Target target, ActionRunner runner, Scheduler scheduler,
      Executor executor, Listener listener) {
    this.kind = kind;
    this.probe = probe;
    this.target = target;
    this.runner = runner;
    this.scheduler = scheduler;
    this.executor = executor;
    this.listener = listener;
    this.counted = switch (kind) {
      case Liveness -> Boolean.TRUE;
      case Readiness -> Boolean.FALSE;
      case Startup -> null;
    };
  }

  /** Starts probing a container that has been running for {@code running}. */
  public void start(Duration running) {
    Duration delay = Duration.ofSeconds(probe.initialDelaySeconds()).minus(running);
    schedule(delay.isNegative() ? Duration.ZERO : delay);
  }

  /** Stops probing; a probe under way finishes, but its result is dropped. */
  public void stop() {
    synchronized (lock) {
      stopped = true;
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
    }
  }

  public Kind kind() {
    return kind;
  }

  public Probe probe() {
    return probe;
  }

  private void schedule(Duration delay) {
    synchronized (lock) {
      if (!stopped) {
        timer = scheduler.schedule(delay, () -> executor.execute(this::probeOnce));
      }
    }
  }

  private void probeOnce() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      timer = null;
    }
    Outcome outcome = runner.run(probe.action(), target, probe.timeout());
    boolean success = outcome instanceof Outcome.Success;
    boolean changed;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      if (lastRaw != null && lastRaw == success) {
        run++;
      } else {
        lastRaw = success;
        run = 1;
      }
      boolean reached = run >= (success ? probe.successThreshold() : probe.failureThreshold());
      changed = reached && !Boolean.valueOf(success).equals(counted);
      if (reached) {
        counted = success;
      }
      // A failed liveness or startup probe gets the container killed; a passed startup probe is done.
      if (reached && (success ? kind == Kind.Startup : kind != Kind.Readiness)) {
        stopped = true;
      }
    }
    if (outcome instanceof Outcome.Failure failure) {
      listener.failed(kind, failure.message());
    }
    if (changed) {
      listener.changed(kind, success);
    }
    schedule(probe.period());
  }
}
