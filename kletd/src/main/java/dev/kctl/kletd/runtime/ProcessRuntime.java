package dev.kctl.kletd.runtime;

import dev.kctl.client.Programs;
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
 *
 * <p>A container with bind mounts (where the node can make mount namespaces) or limits (where it can
 * make cgroups) starts through a small {@code /bin/sh} script between setsid and the program:
 * {@code setsid [unshare --mount --propagation private] sh -c SCRIPT}, where the script writes its
 * pid into the container's cgroups, makes the mount points (a folder, or an empty file for a file
 * mounted where no file is) and bind mounts, changes to the working
 * directory and execs the program. Each step execs in place, so the pid is still the program's, its
 * process group's and its session's, and no child starts outside the cgroup.
 */
public final class ProcessRuntime implements ContainerRuntime {
  private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);

  private static final Duration CGROUP_RETRY = Duration.ofSeconds(1);

  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Isolation isolation;
  private final Path setsid;

  /**
   * @param isolation the mount namespaces and cgroups to use, see {@link Isolation#detect()}
   * @throws IllegalStateException when {@code setsid} (util-linux) is not installed
   */
  public ProcessRuntime(InstantSource clock, Scheduler scheduler, Isolation isolation) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.isolation = isolation;
    this.setsid = Programs.find("setsid")
        .orElseThrow(() -> new IllegalStateException(
            "kletd needs setsid (util-linux) to run containers in their own process group;"
                + " none found in " + Programs.FOLDERS));
  }

  @Override
  public ContainerProcess start(Path stateDir, LaunchSpec spec, int restartCount) throws IOException {
    boolean mounts = !spec.mounts().isEmpty() && isolation.unshare().isPresent();
    boolean workInVolume = mounts && spec.mounts().stream()
        .anyMatch(m -> spec.workingDir().startsWith(m.target()));
    if (!workInVolume && !Files.isDirectory(spec.workingDir())) {
      throw new IOException("working directory " + spec.workingDir() + " does not exist");
    }
    String program = spec.command().getFirst();
    boolean inVolume = mounts && spec.mounts().stream().anyMatch(m -> program.startsWith(m.target() + "/"));
    Optional<String> notRunnable = inVolume
        ? Optional.empty()
        : checkProgram(program, spec.env(), spec.workingDir());
    if (notRunnable.isPresent()) {
      // setsid would report this in the log and exit 1; say it where the pod's status shows it.
      throw new IOException(notRunnable.get());
    }
    Files.createDirectories(stateDir);
    Files.createDirectories(spec.logFile().getParent());
    List<Path> cgroupProcs = List.of();
    if (spec.limits().limited() && isolation.cgroups().unavailable().isEmpty()) {
      try {
        cgroupProcs = isolation.cgroups().create(cgroupId(stateDir), spec.limits());
      } catch (IOException | UncheckedIOException e) {
        throw new IOException("cannot create the cgroup of " + stateDir + " for its limits: " + e.getMessage(), e);
      }
    }
    List<String> argv = new ArrayList<>(spec.command().size() + 8);
    argv.add(setsid.toString());
    if (mounts) {
      argv.addAll(List.of(isolation.unshare().orElseThrow().toString(), "--mount", "--propagation", "private"));
    }
    if (mounts || !cgroupProcs.isEmpty()) {
      argv.addAll(List.of("/bin/sh", "-c", wrapper(cgroupProcs, mounts ? spec.mounts() : List.of(), spec.workingDir()),
          "kctl-container"));
    }
    argv.addAll(spec.command());
    ProcessBuilder builder = new ProcessBuilder(argv)
        // A working directory inside a volume exists only once mounted; the wrapper changes to it.
        .directory(workInVolume ? new File("/") : spec.workingDir().toFile())
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
  public Optional<String> mountsUnsupported() {
    return isolation.mountsUnsupported();
  }

  @Override
  public Optional<String> limitsUnsupported() {
    return isolation.cgroups().unavailable();
  }

  @Override
  public Optional<Path> nsenter() {
    return isolation.nsenter();
  }

  @Override
  public List<Path> cgroups(Path stateDir) {
    return isolation.cgroups().folders(cgroupId(stateDir)).stream().filter(Files::isDirectory).toList();
  }

  /**
   * The script that joins the cgroups, mounts the volumes and execs the program ({@code "$@"}).
   * {@code set -e}: a failed step ends the container with its message in the log.
   */
  static String wrapper(List<Path> cgroupProcs, List<BindMount> mounts, Path workingDir) {
    StringBuilder script = new StringBuilder("set -e\n");
    for (Path procs : cgroupProcs) {
      script.append("echo $$ > ").append(quote(procs.toString())).append('\n');
    }
    for (BindMount m : mounts) {
      String target = quote(m.target());
      if (Files.isRegularFile(m.source())) {
        // A file (the pod's hosts file) goes over a file: make an empty one only where none is.
        Path parent = Path.of(m.target()).getParent();
        script.append("[ -e ").append(target).append(" ] || { mkdir -p ")
            .append(quote(parent == null ? "/" : parent.toString())).append(" && : > ")
            .append(target).append("; }\n");
      } else {
        script.append("mkdir -p ").append(target).append('\n');
      }
      script.append("mount --bind ").append(quote(m.source().toString())).append(' ').append(target).append('\n');
      if (m.readOnly()) {
        script.append("mount -o remount,bind,ro ").append(target).append('\n');
      }
    }
    // Again after mounting: the working directory may lie inside a volume.
    script.append("cd ").append(quote(workingDir.toString())).append('\n');
    script.append("exec \"$@\"\n");
    return script.toString();
  }

  /** {@code text} as one single-quoted shell word. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The cgroup name of a container: its pod folder's name and its own, unique on the node. */
  static String cgroupId(Path stateDir) {
    Path parent = stateDir.getParent();
    return (parent == null ? "" : parent.getFileName() + "_") + stateDir.getFileName();
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

  /** Removes a cgroup once its last process is gone, which may take a moment after SIGKILL. */
  private void removeCgroup(String id, int attempts) {
    if (!isolation.cgroups().remove(id)) {
      if (attempts > 1) {
        scheduler.schedule(CGROUP_RETRY, () -> removeCgroup(id, attempts - 1));
      } else {
        log.warn("cgroup {} still has processes; it is left in place", id);
      }
    }
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

  private Exit ended(Path stateDir, StateFile state, Exit ended) {
    // A pid stays reserved while a group with that id has members, so this reaches only leftovers
    // of this container's group.
    Signals.toGroup(state.pid(), Signals.SIGKILL);
    String cgroup = cgroupId(stateDir);
    Exit exit = ended.withOomKilled(isolation.cgroups().oomKilled(cgroup));
    removeCgroup(cgroup, 10);
    try {
      state.withExit(exit).write(stateDir);
    } catch (UncheckedIOException e) {
      log.warn("pid {} exited with {} but its state could not be saved in {}: {}",
          state.pid(), exit.code(), stateDir, e.getMessage());
    }
    return exit;
  }
}
