package dev.kctl.kletd.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A runtime without processes, for simulated nodes ({@code kletd --simulate N}), like kubemark's
 * or kwok's: containers "run" (pid 0) until stopped, then exit with code 0. Nothing is recorded, so
 * a restarted kletd starts its simulated containers again.
 */
public final class SimulatedRuntime implements ContainerRuntime {
  private final InstantSource clock;

  public SimulatedRuntime(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public ContainerProcess start(Path stateDir, LaunchSpec spec, int restartCount) {
    return new ContainerProcess(0, clock.instant(), new CompletableFuture<>(), false);
  }

  @Override
  public Optional<Recorded> recall(Path stateDir) {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Exit> stop(ContainerProcess process, Duration grace) {
    process.exit().complete(new Exit(0, clock.instant(), true));
    return process.exit();
  }
}
