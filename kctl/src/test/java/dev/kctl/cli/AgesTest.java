package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgesTest {
  @Test
  void printsDurationsAsKubectlDoes() {
    assertThat(Ages.human(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(Ages.human(Duration.ofMillis(-500))).isEqualTo("0s");
    assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(Ages.human(Duration.ofSeconds(302))).isEqualTo("5m2s");
    assertThat(Ages.human(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Ages.human(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(Ages.human(Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(Ages.human(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(Ages.human(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(Ages.human(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(Ages.human(Duration.ofDays(800))).isEqualTo("2y70d");
  }

  @Test
  void anUnknownTimestampHasAnUnknownAge() {
    assertThat(Ages.since("", java.time.Instant.EPOCH)).isEqualTo("<unknown>");
  }
}
