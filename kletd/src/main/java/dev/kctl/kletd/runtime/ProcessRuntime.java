package dev.kctl.kletd.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers as plain OS processes.
 *
 * <p>Each process is started through {@code setsid(1)}: as the JVM's child is not a process group
 * leader, setsid calls {@code setsid(2)} and execs the program in place, so the pid the JDK reports
 * is the program's pid, its process group id and its session id. Signals go to the whole group.
 * stdout and stderr are appended straight to the log file; kletd holds no pipe to the process, and
 * stdin is {@code /dev/null}. Nothing kills the processes when kletd exits: the next kletd finds
 * them through {@code state.json} (same pid and same kernel start time) and adopts them.
 *
 * <p>When a process ends, what is left of its group is killed, as a container's processes end with
 * it. The exit is written to {@code state.json}.
 */
public final class ProcessRuntime implements ContainerRuntime {
  private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);
  private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Path setsid;

  /**
   * @throws IllegalStateException when {@code setsid} (util-linux) is not installed
   */
  public ProcessRuntime(InstantSource clock, Scheduler scheduler) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.setsid = SETSID.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "kletd needs setsid (util-linux) to run containers in their own process group;"
                + " none found at " + SETSID));
  }

  @Override
  public ContainerProcess start(Path stateDir, LaunchSpec spec, int restartCount) throws IOException {
    if (!Files.isDirectory(spec.workingDir())) {
      throw new IOException("working directory " + spec.workingDir() + " does not exist");
    }
    Optional<String> notRunnable = checkProgram(spec.command().getFirst(), spec.env(), spec.workingDir());
    if (notRunnable.isPresent()) {
      // setsid would report this in the log and exit 1; say it where the pod's status shows it.
      throw new IOException(notRunnable.get());
    }
    Files.createDirectories(stateDir);
    Files.createDirectories(spec.logFile().getParent());
    List<String> argv = new ArrayList<>(spec.command().size() + 1);
    argv.add(setsid.toString());
    argv.addAll(spec.command());
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(spec.workingDir().toFile())
        .redirectInput(Redirect.from(new File("/dev/null")))
        .redirectOutput(Redirect.appendTo(spec.logFile().toFile()))
        .redirectError(Redirect.appendTo(spec.logFile().toFile()));
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    Process process = builder.start();
    long pid = process.pid();
    // The kernel's start time tells this process from a later one that reuses the pid. If the
    // process is already gone there is none to read; nothing could adopt it anyway.
    Instant processStart = process.info().startInstant().orElseGet(clock::instant);
    StateFile state = new StateFile(pid, processStart, restartCount, null);
    state.write(stateDir);
    CompletableFuture<Exit> exit = process.onExit()
        .thenApply(p -> ended(stateDir, state, new Exit(p.exitValue(), clock.instant(), true)));
    log.debug("started pid {} for {}: {}", pid, stateDir, spec.command());
    return new ContainerProcess(pid, processStart, exit, false);
  }

  @Override
  public Optional<Recorded> recall(Path stateDir) {
    Optional<StateFile> read = StateFile.read(stateDir);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    StateFile state = read.get();
    if (state.exit() != null) {
      return Optional.of(new Recorded.Exited(state.pid(), state.processStart(), state.exit(), state.restartCount()));
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(state.pid())
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().filter(state.processStart()::equals).isPresent());
    if (handle.isEmpty()) {
      Exit lost = Exit.unknown(clock.instant());
      state.withExit(lost).write(stateDir);
      return Optional.of(new Recorded.Exited(state.pid(), state.processStart(), lost, state.restartCount()));
    }
    // Not our child: the JDK polls for its end, and its exit status is the old parent's to know.
    CompletableFuture<Exit> exit = handle.get().onExit()
        .thenApply(h -> ended(stateDir, state, Exit.unknown(clock.instant())));
    log.info("adopted running pid {} recorded in {}", state.pid(), stateDir);
    return Optional.of(new Recorded.Running(
        new ContainerProcess(state.pid(), state.processStart(), exit, true), state.restartCount()));
  }

  @Override
  public CompletableFuture<Exit> stop(ContainerProcess process, Duration grace) {
    if (!process.isRunning()) {
      return process.exit();
    }
    if (grace.isZero() || grace.isNegative()) {
      Signals.toGroup(process.pid(), Signals.SIGKILL);
      return process.exit();
    }
    Signals.toGroup(process.pid(), Signals.SIGTERM);
    Scheduler.Cancellable kill = scheduler.schedule(grace, () -> {
      if (process.isRunning()) {
        log.info("pid {} still runs {} after SIGTERM; sending SIGKILL to its group", process.pid(), grace);
        Signals.toGroup(process.pid(), Signals.SIGKILL);
      }
    });
    process.exit().whenComplete((e, t) -> kill.cancel());
    return process.exit();
  }

  /** The reason {@code program} cannot be executed, as the runtime would find it; empty if it can. */
  static Optional<String> checkProgram(String program, Map<String, String> env, Path workingDir) {
    if (program.contains("/")) {
      Path path = workingDir.resolve(program);
      if (!Files.exists(path)) {
        return Optional.of("exec: \"" + program + "\": no such file or directory (in " + workingDir + ")");
      }
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.empty()
          : Optional.of("exec: \"" + program + "\": permission denied");
    }
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = workingDir.getFileSystem().getPath(dir).resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.empty();
      }
    }
    return Optional.of("exec: \"" + program + "\": executable file not found in $PATH (" + path + ")");
  }

  private Exit ended(Path stateDir, StateFile state, Exit exit) {
    // A pid stays reserved while a group with that id has members, so this reaches only leftovers
    // of this container's group.
    Signals.toGroup(state.pid(), Signals.SIGKILL);
    try {
      state.withExit(exit).write(stateDir);
    } catch (UncheckedIOException e) {
      log.warn("pid {} exited with {} but its state could not be saved in {}: {}",
          state.pid(), exit.code(), stateDir, e.getMessage());
    }
    return exit;
  }
}
