package dev.kctl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

  @ParameterizedTest(name = "{0} ms prints {1}")
  @CsvSource({
      "-2000, <invalid>",
      "-1999, 0s",
      "-1000, 0s",
      "0, 0s",
      "999, 0s",
      "45000, 45s",
      "119999, 119s",
      "120000, 2m",
      "121000, 2m1s",
      "303000, 5m3s",
      "599999, 9m59s",
      "600000, 10m",
      "659000, 10m",
      "10799999, 179m",
      "10800000, 3h",
      "11100000, 3h5m",
      "28799999, 7h59m",
      "28800000, 8h",
      "172799999, 47h",
      "172800000, 2d",
      "183600000, 2d3h",
      "691199999, 7d23h",
      "691200000, 8d",
      "34560000000, 400d",
      "63071999999, 729d",
      "63072000000, 2y",
      "63936000000, 2y10d",
      "252288000000, 8y",
      "378432000000, 12y"})
  void formatsLikeKubectl(long millis, String expected) {
    assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @Test
  void ageOfATimestampIsMeasuredAgainstTheGivenNow() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

    assertThat(HumanDuration.since("2026-11-25T09:55:00Z", now)).isEqualTo("5m");
    assertThat(HumanDuration.since("2026-11-25T09:59:59.123456Z", now)).isEqualTo("0s");
  }

  @Test
  void missingOrUnreadableTimestampIsUnknown() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

    assertThat(HumanDuration.since("", now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("yesterday", now)).isEqualTo("<unknown>");
  }
}
