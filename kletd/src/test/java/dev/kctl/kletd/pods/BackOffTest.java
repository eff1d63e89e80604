package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackOffTest {
  private final BackOff backOff = new BackOff();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void doublesFromTenSecondsToFiveMinutes() {
    assertThat(failures(8)).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
  }

  @Test
  void startsOverAfterTenMinutesOfRunning() {
    failures(3);

    assertThat(run(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(run(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void startsOverWhenReset() {
    failures(3);
    backOff.reset();

    assertThat(run(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(10));
  }

  private long[] failures(int n) {
    long[] delays = new long[n];
    for (int i = 0; i < n; i++) {
      delays[i] = run(Duration.ofSeconds(1)).toSeconds();
    }
    return delays;
  }

  private Duration run(Duration ranFor) {
    Instant started = now;
    now = now.plus(ranFor);
    Duration delay = backOff.next(started, now);
    now = now.plus(delay);
    return delay;
  }
}
