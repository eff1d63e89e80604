package dev.kctl.kletd.probe;

import java.time.Duration;

/** Runs an {@link Action} against a container, blocking until it is done or {@code timeout} passed. */
@FunctionalInterface
public interface ActionRunner {
  Outcome run(Action action, Target target, Duration timeout);
}
