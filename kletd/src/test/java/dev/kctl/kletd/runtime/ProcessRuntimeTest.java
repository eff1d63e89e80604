package dev.kctl.kletd.runtime;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRuntimeTest {
  @TempDir Path temp;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final ProcessRuntime runtime = new ProcessRuntime(Clock.systemUTC(), Scheduler.of(timers), Isolation.none("not under test"));
  private final List<ContainerProcess> started = new ArrayList<>();

  /**
   * Kills what the test started and waits until the runtime has recorded each exit: the
   * recording writes into the test's folder, which must be finished before it is deleted.
   */
  @AfterEach
  void killEverythingStarted() {
    started.forEach(p -> Signals.toGroup(p.pid(), Signals.SIGKILL));
    started.forEach(p -> p.exit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join());
    timers.shutdownNow();
  }

  @Test
  void startsTheProgramItselfAsLeaderOfItsOwnProcessGroupAndSession() throws IOException {
    ContainerProcess p = start("exec sleep 300");

    await("sleep exec'd").atMost(ofSeconds(10)).until(() -> comm(p.pid()).equals("sleep"));
    String[] stat = stat(p.pid());
    assertThat(Long.parseLong(stat[2])).as("pgrp").isEqualTo(p.pid());
    assertThat(Long.parseLong(stat[3])).as("session").isEqualTo(p.pid());
    assertThat(ProcessHandle.current().pid()).isNotEqualTo(p.pid());
  }

  @Test
  void appendsStdoutAndStderrToTheLogFile() throws IOException {
    Files.createDirectories(temp.resolve("c"));
    Files.writeString(temp.resolve("c/0.log"), "before\n");

    ContainerProcess p = start("echo to-stdout; echo to-stderr >&2; exit 3");

    Exit exit = p.exit().join();
    assertThat(exit.code()).isEqualTo(3);
    assertThat(exit.codeKnown()).isTrue();
    assertThat(Files.readString(temp.resolve("c/0.log"))).isEqualTo("before\nto-stdout\nto-stderr\n");
  }

  @Test
  void stopTerminatesTheWholeGroupIncludingGrandchildren() throws IOException {
    ContainerProcess p = start("sleep 300 & sleep 300 & wait");
    await("two children").atMost(ofSeconds(10)).until(() -> ProcessHandle.of(p.pid()).orElseThrow().children().count() == 2);
    List<ProcessHandle> children = ProcessHandle.of(p.pid()).orElseThrow().children().toList();

    Exit exit = runtime.stop(p, ofSeconds(30)).join();

    assertThat(exit.code()).as("killed by SIGTERM").isEqualTo(128 + Signals.SIGTERM);
    await("children gone").atMost(ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void stopSendsSigkillWhenTheGroupIgnoresSigtermPastTheGracePeriod() throws IOException {
    ContainerProcess p = start("trap '' TERM; sleep 300 & wait");
    await("child").atMost(ofSeconds(10)).until(() -> ProcessHandle.of(p.pid()).orElseThrow().children().count() == 1);
    ProcessHandle child = ProcessHandle.of(p.pid()).orElseThrow().children().findFirst().orElseThrow();

    Exit exit = runtime.stop(p, Duration.ofMillis(300)).join();

    assertThat(exit.code()).isEqualTo(128 + Signals.SIGKILL);
    await("child gone").atMost(ofSeconds(10)).until(() -> !child.isAlive());
  }

  @Test
  void killsWhatIsLeftOfTheGroupWhenTheLeaderExits() throws IOException {
    ContainerProcess p = start("sleep 300 & echo $! > child.pid");

    p.exit().join();
    Path pidFile = temp.resolve("child.pid");
    await("pid file").atMost(ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await("orphaned child killed").atMost(ofSeconds(10)).until(() -> ProcessHandle.of(child).isEmpty()
        || !ProcessHandle.of(child).get().isAlive());
  }

  @Test
  void aSecondRuntimeAdoptsTheRunningProcessInsteadOfStartingAnother() throws IOException {
    ContainerProcess first = start("exec sleep 300");
    ProcessRuntime next = new ProcessRuntime(Clock.systemUTC(), Scheduler.of(timers), Isolation.none("not under test"));

    Optional<Recorded> recalled = next.recall(temp.resolve("c"));

    assertThat(recalled).get().isInstanceOfSatisfying(Recorded.Running.class, running -> {
      assertThat(running.process().pid()).isEqualTo(first.pid());
      assertThat(running.process().startedAt()).isEqualTo(first.startedAt());
      assertThat(running.process().adopted()).isTrue();
      assertThat(running.restartCount()).isEqualTo(2);
    });
    ContainerProcess adopted = ((Recorded.Running) recalled.orElseThrow()).process();
    Exit exit = next.stop(adopted, ofSeconds(30)).join();
    assertThat(exit.codeKnown()).as("not our child").isFalse();
    assertThat(new ProcessRuntime(Clock.systemUTC(), Scheduler.of(timers), Isolation.none("not under test")).recall(temp.resolve("c")))
        .get().isInstanceOf(Recorded.Exited.class);
  }

  @Test
  void recallsTheExitOfAProcessThatEndedUnderAnEarlierRuntime() throws IOException {
    ContainerProcess p = start("exit 4");
    p.exit().join();

    Optional<Recorded> recalled = new ProcessRuntime(Clock.systemUTC(), Scheduler.of(timers), Isolation.none("not under test")).recall(temp.resolve("c"));

    assertThat(recalled).get().isInstanceOfSatisfying(Recorded.Exited.class, exited -> {
      assertThat(exited.exit().code()).isEqualTo(4);
      assertThat(exited.exit().codeKnown()).isTrue();
      assertThat(exited.pid()).isEqualTo(p.pid());
    });
  }

  @Test
  void aRecordedProcessThatIsGoneIsReportedExitedWithUnknownCode() throws IOException {
    Files.createDirectories(temp.resolve("c"));
    // pid 1 runs, but it did not start at this instant: a reused pid must not be adopted.
    new StateFile(1, java.time.Instant.parse("2001-01-01T00:00:00Z"), 0, null).write(temp.resolve("c"));

    Optional<Recorded> recalled = runtime.recall(temp.resolve("c"));

    assertThat(recalled).get().isInstanceOfSatisfying(Recorded.Exited.class,
        exited -> assertThat(exited.exit().codeKnown()).isFalse());
  }

  private ContainerProcess start(String script) throws IOException {
    ContainerProcess p = runtime.start(temp.resolve("c"), new LaunchSpec(List.of("sh", "-c", script),
        Map.of("PATH", "/usr/bin:/bin"), temp, temp.resolve("c/0.log")), 2);
    started.add(p);
    return p;
  }

  private static String comm(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
  }

  /** The fields of /proc/pid/stat after "pid (comm)": state, ppid, pgrp, session, ... */
  private static String[] stat(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }
}
