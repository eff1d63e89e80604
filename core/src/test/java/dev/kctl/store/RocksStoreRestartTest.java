package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreRestartTest {
  @TempDir Path dir;

  @Test
  void reopeningKeepsDataRevisionAndEventLog() {
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/pods/a", bytes("a1"));
      store.create("/pods/b", bytes("b1"));
      store.update("/pods/a", bytes("a2"), 1);
      store.delete("/pods/b", 0);
    }

    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(store.revision()).isEqualTo(4);
      KeyValue a = store.get("/pods/a").orElseThrow();
      assertThat(a).extracting(KeyValue::createRevision, KeyValue::modRevision).containsExactly(1L, 3L);
      assertThat(text(a)).isEqualTo("a2");
      assertThat(store.get("/pods/b")).isEmpty();
      assertThat(store.range("/pods/").revision()).isEqualTo(4);

      RecordingListener listener = new RecordingListener();
      store.watch("/pods/", 1, listener);
      listener.awaitEvents(3);
      KeyValue c = store.create("/pods/c", bytes("c1"));
      listener.awaitEvents(4);

      assertThat(c.modRevision()).isEqualTo(5);
      assertThat(listener.revisions()).containsExactly(2L, 3L, 4L, 5L);
      assertThat(listener.events().get(1)).isInstanceOfSatisfying(StoreEvent.Put.class,
          put -> assertThat(text(put.previous())).isEqualTo("a1"));
      assertThat(listener.events().get(2)).isInstanceOfSatisfying(StoreEvent.Delete.class,
          delete -> assertThat(text(delete.previous())).isEqualTo("b1"));
    }
  }

  @Test
  void theCompactedRevisionSurvivesARestart() {
    StoreConfig config = new StoreConfig(4, 5, 3, 1_000);
    try (RocksStore store = RocksStore.open(dir, config)) {
      for (int i = 1; i <= 12; i++) {
        store.create("/k/" + i, bytes("v"));
      }
      await("log compacted").atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() == 7);
    }

    try (RocksStore store = RocksStore.open(dir, config)) {
      assertThat(store.compactedRevision()).isEqualTo(7);
      assertThatThrownBy(() -> store.watch("/", 6, event -> {})).isInstanceOf(StoreException.Compacted.class);
      RecordingListener listener = new RecordingListener();
      store.watch("/", 7, listener);
      listener.awaitEvents(5);
      assertThat(listener.revisions()).containsExactly(8L, 9L, 10L, 11L, 12L);
    }
  }

  @Test
  void openingADirectoryAlreadyInUseFailsWithUnavailable() {
    try (RocksStore store = RocksStore.open(dir)) {
      assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining(dir.toString());
      assertThat(store.revision()).isZero();
    }
  }
}
