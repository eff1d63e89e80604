package dev.kctl.kletd.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.kletd.FakeTime;
import dev.kctl.kletd.probe.ProbeLoop.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeLoopTest {
  private final FakeTime time = new FakeTime();
  private final Deque<Boolean> answers = new ArrayDeque<>();
  private final List<Duration> probedAt = new ArrayList<>();
  private final List<String> heard = new ArrayList<>();
  private final Target target = new Target("127.0.0.1", Map.of(), Map.of(), Path.of("/"), 1, Optional.empty());
  private final java.time.Instant start = time.instant();

  private final ActionRunner runner = (action, t, timeout) -> {
    probedAt.add(Duration.between(start, time.instant()));
    boolean ok = answers.isEmpty() || answers.poll();
    return ok ? new Outcome.Success("") : new Outcome.Failure("nope");
  };

  private final ProbeLoop.Listener listener = new ProbeLoop.Listener() {
    @Override
    public void failed(Kind kind, String message) {
      heard.add(kind + " failed: " + message);
    }

    @Override
    public void changed(Kind kind, boolean success) {
      heard.add(kind + " -> " + success);
    }
  };

  private ProbeLoop loop(Kind kind, String probeJson) {
    Probe probe = Probe.parse(Json.parseObject(probeJson)).orElseThrow();
    return new ProbeLoop(kind, probe, target, runner, time, Runnable::run, listener);
  }

  @Test
  void probesAfterTheInitialDelayThenEveryPeriod() {
    loop(Kind.Readiness, """
        {"exec": {"command": ["true"]}, "initialDelaySeconds": 5, "periodSeconds": 3}""").start(Duration.ZERO);

    time.advance(Duration.ofSeconds(12));

    assertThat(probedAt).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(11));
    assertThat(heard).containsExactly("Readiness -> true");
  }

  @Test
  void anInitialDelayAlreadyPassedByAnAdoptedContainerIsNotWaitedAgain() {
    loop(Kind.Readiness, """
        {"exec": {"command": ["true"]}, "initialDelaySeconds": 30}""").start(Duration.ofMinutes(5));

    time.advance(Duration.ZERO);

    assertThat(probedAt).containsExactly(Duration.ZERO);
  }

  @Test
  void countsAResultOnlyAfterItsThresholdInARow() {
    answers.addAll(List.of(true, false, false, true, true, false, false, false));
    loop(Kind.Readiness, """
        {"httpGet": {"port": 80}, "periodSeconds": 1, "successThreshold": 2, "failureThreshold": 3}""")
        .start(Duration.ZERO);

    time.advance(Duration.ofSeconds(8));

    assertThat(heard).containsExactly(
        "Readiness failed: nope", "Readiness failed: nope",
        "Readiness -> true",
        "Readiness failed: nope", "Readiness failed: nope", "Readiness failed: nope",
        "Readiness -> false");
  }

  @Test
  void livenessStartsPassingAndStopsAtItsFirstCountedFailure() {
    answers.addAll(List.of(true, false, false, false, true));
    loop(Kind.Liveness, """
        {"tcpSocket": {"port": 80}, "periodSeconds": 10}""").start(Duration.ZERO);

    time.advance(Duration.ofMinutes(5));

    assertThat(heard).containsExactly("Liveness failed: nope", "Liveness failed: nope", "Liveness failed: nope",
        "Liveness -> false");
    assertThat(probedAt).hasSize(4);
    assertThat(time.pending()).isZero();
  }

  @Test
  void startupReportsItsFirstCountedResultAndStopsOnceItPassed() {
    answers.addAll(List.of(false, true));
    loop(Kind.Startup, """
        {"exec": {"command": ["true"]}, "periodSeconds": 1, "failureThreshold": 30}""").start(Duration.ZERO);

    time.advance(Duration.ofSeconds(10));

    assertThat(heard).containsExactly("Startup failed: nope", "Startup -> true");
    assertThat(probedAt).hasSize(2);
  }

  @Test
  void stoppedLoopsProbeNoMore() {
    ProbeLoop loop = loop(Kind.Readiness, """
        {"exec": {"command": ["true"]}, "periodSeconds": 1}""");
    loop.start(Duration.ZERO);
    time.advance(Duration.ofSeconds(2));

    loop.stop();
    time.advance(Duration.ofSeconds(10));

    assertThat(probedAt).hasSize(3);
  }
}
