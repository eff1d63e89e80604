package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress notices of a watch: what the API server's BOOKMARK events are made of. */
class RocksStoreProgressTest {
  static final Duration OFTEN = Duration.ofMillis(20);

  @TempDir Path dir;
  RocksStore store;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Events and notices of one watch in the order the watch thread produced them. */
  sealed interface Seen {
    record Event(StoreEvent event) implements Seen {}

    record Progress(long revision) implements Seen {}
  }

  @Test
  void anIdleWatchReportsTheStoresRevisionWhileItsPrefixIsQuiet() {
    store.create("/pods/a", bytes("1"));
    List<Seen> seen = new CopyOnWriteArrayList<>();
    store.watch("/pods/", store.revision(), event -> seen.add(new Seen.Event(event)),
        new WatchProgress(OFTEN, revision -> seen.add(new Seen.Progress(revision))));

    for (int i = 0; i < 5; i++) {
      store.create("/nodes/n" + i, bytes("n"));
    }

    await("a notice at revision 6").atMost(Duration.ofSeconds(10))
        .until(() -> seen.contains(new Seen.Progress(6)));
    assertThat(seen).allSatisfy(s -> assertThat(s).isInstanceOf(Seen.Progress.class));
  }

  @Test
  void noticesAreOrderedWithEventsAndNeverClaimAnUndeliveredRevision() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    store.watch("/", 0, event -> seen.add(new Seen.Event(event)),
        new WatchProgress(Duration.ofMillis(1), revision -> seen.add(new Seen.Progress(revision))));

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        int thread = t;
        pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            store.create("/k/%d/%d".formatted(thread, i), bytes("v"));
          }
        });
      }
    }
    await("a notice at the last revision").atMost(Duration.ofSeconds(10))
        .until(() -> seen.contains(new Seen.Progress(800)));

    long delivered = 0;
    int notices = 0;
    for (Seen s : List.copyOf(seen)) {
      switch (s) {
        case Seen.Event(StoreEvent event) -> {
          assertThat(event.revision()).as("event after %d", delivered).isEqualTo(delivered + 1);
          delivered = event.revision();
        }
        case Seen.Progress(long revision) -> {
          assertThat(revision).as("notice after event %d", delivered).isEqualTo(delivered);
          notices++;
        }
      }
    }
    assertThat(delivered).isEqualTo(800);
    assertThat(notices).isGreaterThan(1);
  }

  @Test
  void aThrowingProgressListenerDoesNotEndTheWatch() {
    RecordingListener listener = new RecordingListener();
    List<Long> notices = new CopyOnWriteArrayList<>();
    store.watch("/", 0, listener, new WatchProgress(OFTEN, revision -> {
      notices.add(revision);
      throw new IllegalStateException("listener bug");
    }));

    await("two notices").atMost(Duration.ofSeconds(10)).until(() -> notices.size() >= 2);
    store.create("/a", bytes("1"));

    listener.awaitEvents(1);
    await("a notice at revision 1").atMost(Duration.ofSeconds(10)).until(() -> notices.contains(1L));
  }

  @Test
  void progressIntervalsUnderAMillisecondAreRefused() {
    assertThatThrownBy(() -> new WatchProgress(Duration.ofNanos(10), revision -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
  }
}
