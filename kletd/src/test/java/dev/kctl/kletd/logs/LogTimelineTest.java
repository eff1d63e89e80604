package dev.kctl.kletd.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTimelineTest {
  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
  private final LogTimeline timeline = new LogTimeline(new InstantSource() {
    @Override
    public Instant instant() {
      return now.get();
    }
  });

  @Test
  void datesBytesByTheFirstLookThatSawThem() throws IOException {
    Path log = Files.writeString(dir.resolve("0.log"), "old\n");
    timeline.look(log);
    now.set(now.get().plusSeconds(10));
    Files.writeString(log, "new\n", StandardOpenOption.APPEND);
    timeline.lookAtAll();

    assertThat(timeline.timeOf(log, 0)).isBefore(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(1));
    assertThat(timeline.timeOf(log, 4)).isEqualTo(Instant.parse("2030-01-01T00:00:10Z"));
    assertThat(timeline.timeOf(log, 8)).isEqualTo(now.get());
  }

  @Test
  void aTruncatedFileStartsAfresh() throws IOException {
    Path log = Files.writeString(dir.resolve("0.log"), "a long first line\n");
    timeline.look(log);
    now.set(now.get().plusSeconds(5));
    Files.writeString(log, "x\n");
    timeline.look(log);

    assertThat(timeline.timeOf(log, 0)).isEqualTo(now.get());
  }
}
