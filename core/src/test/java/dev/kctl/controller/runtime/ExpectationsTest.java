package dev.kctl.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Expectations expectations = new Expectations(clock);

  @Test
  void unknownKeyIsSatisfied() {
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void creationsAreMetOnceAllAreObserved() {
    expectations.expectCreations("default/web", 2);
    expectations.creationObserved("default/web");
    assertThat(expectations.satisfied("default/web")).isFalse();
    expectations.creationObserved("default/web");
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void observingTheSameDeletionTwiceCountsOnce() {
    expectations.expectDeletions("default/web", List.of("default/web-a", "default/web-b"));
    expectations.deletionObserved("default/web", "default/web-a");
    expectations.deletionObserved("default/web", "default/web-a");
    assertThat(expectations.satisfied("default/web")).isFalse();
    expectations.deletionObserved("default/web", "default/web-b");
    assertThat(expectations.satisfied("default/web")).isTrue();
  }

  @Test
  void unmetExpectationsExpireAfterFiveMinutes() {
    expectations.expectCreations("default/web", 1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(expectations.satisfied("default/web")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(expectations.satisfied("default/web")).isTrue();
  }
}
