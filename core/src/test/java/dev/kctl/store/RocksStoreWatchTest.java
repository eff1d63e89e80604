package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreWatchTest {
  @TempDir Path dir;
  RocksStore store;
  /** Released in {@link #close()} too, so a failing test never leaves a listener blocked. */
  final CountDownLatch gate = new CountDownLatch(1);

  @AfterEach
  void close() {
    gate.countDown();
    if (store != null) {
      store.close();
    }
  }

  @Test
  void watchFromARevisionReplaysHistoryThenLiveEventsInOrder() {
    store = RocksStore.open(dir);
    store.create("/pods/a", bytes("a1"));
    store.create("/nodes/n1", bytes("n"));
    store.update("/pods/a", bytes("a2"), 1);
    RecordingListener listener = new RecordingListener();

    store.watch("/pods/", 0, listener);
    List<StoreEvent> history = listener.awaitEvents(2);
    store.create("/pods/b", bytes("b1"));
    store.delete("/pods/a", 0);
    store.create("/nodes/n2", bytes("n"));
    List<StoreEvent> events = listener.awaitEvents(4);

    assertThat(history).hasSize(2);
    assertThat(listener.revisions()).containsExactly(1L, 3L, 4L, 5L);
    assertThat(events.get(0)).isInstanceOfSatisfying(StoreEvent.Put.class, put -> {
      assertThat(text(put.current())).isEqualTo("a1");
      assertThat(put.previous()).isNull();
    });
    assertThat(events.get(1)).isInstanceOfSatisfying(StoreEvent.Put.class, put -> {
      assertThat(text(put.current())).isEqualTo("a2");
      assertThat(put.current().modRevision()).isEqualTo(3);
      assertThat(text(put.previous())).isEqualTo("a1");
      assertThat(put.previous().modRevision()).isEqualTo(1);
    });
    assertThat(events.get(3)).isInstanceOfSatisfying(StoreEvent.Delete.class, delete -> {
      assertThat(delete.previous().key()).isEqualTo("/pods/a");
      assertThat(text(delete.previous())).isEqualTo("a2");
      assertThat(delete.previous().modRevision()).isEqualTo(5);
    });
  }

  @Test
  void watchFromTheCurrentRevisionGetsOnlyNewEvents() {
    store = RocksStore.open(dir);
    store.create("/pods/a", bytes("1"));
    store.create("/pods/b", bytes("1"));
    RecordingListener listener = new RecordingListener();

    store.watch("/pods/", store.revision(), listener);
    store.create("/pods/c", bytes("1"));

    assertThat(listener.awaitEvents(1)).singleElement().isInstanceOfSatisfying(StoreEvent.Put.class,
        put -> assertThat(put.current().key()).isEqualTo("/pods/c"));
    assertThat(listener.revisions()).containsExactly(3L);
  }

  @Test
  void aSlowListenerDoesNotBlockWritersAndStillReceivesEverythingInOrder() throws Exception {
    // A ring of 8 forces the listener, once released, to catch up from the on-disk log.
    store = RocksStore.open(dir, new StoreConfig(8, 100_000, 10_000, 1_000));
    RecordingListener listener = new RecordingListener();
    CountDownLatch blocked = new CountDownLatch(1);
    store.watch("/", 0, event -> {
      listener.accept(event);
      blocked.countDown();
      awaitGate();
    });
    store.create("/k/0", bytes("v"));
    assertThat(blocked.await(10, TimeUnit.SECONDS)).as("listener got the first event").isTrue();

    for (int i = 1; i < 200; i++) {
      store.create("/k/" + i, bytes("v"));
    }

    assertThat(store.revision()).isEqualTo(200);
    assertThat(listener.events()).as("events while the listener is blocked").hasSize(1);
    gate.countDown();
    listener.awaitEvents(200);
    assertThat(listener.revisions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  void watchFromACompactedRevisionFailsWithCompacted() {
    store = RocksStore.open(dir, new StoreConfig(2, 5, 2, 1_000));
    for (int i = 1; i <= 20; i++) {
      store.create("/k/" + i, bytes("v"));
    }
    await("log compacted to the last 5 revisions").atMost(Duration.ofSeconds(10))
        .until(() -> store.compactedRevision() == 15);

    assertThatThrownBy(() -> store.watch("/", 14, event -> {}))
        .isInstanceOfSatisfying(StoreException.Compacted.class, e -> assertThat(e.compactedRevision()).isEqualTo(15));
    RecordingListener listener = new RecordingListener();
    store.watch("/", 15, listener);
    listener.awaitEvents(5);
    assertThat(listener.revisions()).containsExactly(16L, 17L, 18L, 19L, 20L);
  }

  @Test
  void aListenerFallenBehindTheCompactedHistoryGetsAFinalCompactedFailure() {
    store = RocksStore.open(dir, new StoreConfig(2, 3, 1, 1_000));
    RecordingListener listener = new RecordingListener();
    store.watch("/", 0, event -> {
      listener.accept(event);
      awaitGate();
    });
    for (int i = 1; i <= 20; i++) {
      store.create("/k/" + i, bytes("v"));
    }
    await("log compacted").atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() == 17);

    gate.countDown();

    await("watch failed").atMost(Duration.ofSeconds(10))
        .until(() -> !listener.events().isEmpty() && listener.events().getLast() instanceof StoreEvent.Failed);
    List<StoreEvent> events = listener.events();
    StoreEvent.Failed failed = (StoreEvent.Failed) events.getLast();
    assertThat(failed.cause()).isInstanceOf(StoreException.Compacted.class);
    List<StoreEvent> delivered = events.subList(0, events.size() - 1);
    assertThat(delivered).extracting(StoreEvent::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, delivered.size()).boxed().toList());
    assertThat(failed.revision()).isEqualTo(delivered.size());
  }

  @Test
  void closingTheStoreEndsOpenWatchesWithUnavailable() {
    store = RocksStore.open(dir);
    store.create("/a", bytes("1"));
    RecordingListener listener = new RecordingListener();
    store.watch("/", 0, listener);
    listener.awaitEvents(1);

    store.close();

    List<StoreEvent> events = listener.awaitEvents(2);
    assertThat(events.get(1)).isInstanceOfSatisfying(StoreEvent.Failed.class, failed -> {
      assertThat(failed.cause()).isInstanceOf(StoreException.Unavailable.class);
      assertThat(failed.revision()).isEqualTo(1);
    });
  }

  @Test
  void aClosedWatchGetsNoMoreEvents() {
    store = RocksStore.open(dir);
    RecordingListener closed = new RecordingListener();
    RecordingListener open = new RecordingListener();
    StoreWatch watch = store.watch("/", 0, closed);
    store.watch("/", 0, open);
    store.create("/a", bytes("1"));
    closed.awaitEvents(1);

    watch.close();
    watch.close();
    store.create("/b", bytes("1"));
    open.awaitEvents(2);

    assertThat(closed.revisions()).containsExactly(1L);
  }

  @Test
  void aThrowingListenerKeepsReceivingEvents() {
    store = RocksStore.open(dir);
    RecordingListener listener = new RecordingListener();
    store.watch("/", 0, event -> {
      listener.accept(event);
      throw new IllegalStateException("listener bug");
    });

    store.create("/a", bytes("1"));
    store.create("/b", bytes("1"));

    listener.awaitEvents(2);
    assertThat(listener.revisions()).containsExactly(1L, 2L);
  }

  private void awaitGate() {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
