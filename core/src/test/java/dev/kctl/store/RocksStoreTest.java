package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreTest {
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

  @Test
  void eachWriteTakesTheNextRevisionAsItsModRevision() {
    assertThat(store.revision()).isZero();

    KeyValue created = store.create("/a", bytes("1"));
    KeyValue updated = store.update("/a", bytes("2"), created.modRevision());
    KeyValue other = store.create("/b", bytes("x"));
    KeyValue deleted = store.delete("/a", 0);

    assertThat(created).extracting(KeyValue::createRevision, KeyValue::modRevision).containsExactly(1L, 1L);
    assertThat(updated).extracting(KeyValue::createRevision, KeyValue::modRevision).containsExactly(1L, 2L);
    assertThat(other).extracting(KeyValue::createRevision, KeyValue::modRevision).containsExactly(3L, 3L);
    assertThat(deleted).extracting(KeyValue::createRevision, KeyValue::modRevision).containsExactly(1L, 4L);
    assertThat(text(deleted)).isEqualTo("2");
    assertThat(store.revision()).isEqualTo(4);
    assertThat(store.get("/a")).isEmpty();
    assertThat(store.get("/b")).hasValueSatisfying(kv -> assertThat(text(kv)).isEqualTo("x"));
  }

  @Test
  void createOfAnExistingKeyFailsWithKeyExistsAndWritesNothing() {
    store.create("/a", bytes("1"));

    assertThatThrownBy(() -> store.create("/a", bytes("2"))).isInstanceOf(StoreException.KeyExists.class)
        .hasMessageContaining("/a");
    assertThat(store.revision()).isEqualTo(1);
    assertThat(text(store.get("/a").orElseThrow())).isEqualTo("1");
  }

  @Test
  void updateAndDeleteWithAStaleRevisionFailWithRevisionMismatch() {
    KeyValue first = store.create("/a", bytes("1"));
    store.update("/a", bytes("2"), first.modRevision());

    assertThatThrownBy(() -> store.update("/a", bytes("3"), first.modRevision()))
        .isInstanceOfSatisfying(StoreException.RevisionMismatch.class, e -> assertThat(e.actual()).isEqualTo(2));
    assertThatThrownBy(() -> store.delete("/a", first.modRevision()))
        .isInstanceOf(StoreException.RevisionMismatch.class);
    assertThat(store.revision()).isEqualTo(2);
    assertThat(text(store.get("/a").orElseThrow())).isEqualTo("2");
  }

  @Test
  void updateWithExpectedRevisionZeroIsUnconditional() {
    store.create("/a", bytes("1"));
    store.update("/a", bytes("2"), 0);

    KeyValue kv = store.update("/a", bytes("3"), 0);

    assertThat(kv.modRevision()).isEqualTo(3);
    assertThat(text(store.get("/a").orElseThrow())).isEqualTo("3");
  }

  @Test
  void updateAndDeleteOfAMissingKeyFailWithKeyNotFound() {
    assertThatThrownBy(() -> store.update("/missing", bytes("1"), 0)).isInstanceOf(StoreException.KeyNotFound.class)
        .hasMessageContaining("/missing");
    assertThatThrownBy(() -> store.delete("/missing", 0)).isInstanceOf(StoreException.KeyNotFound.class);
    store.create("/gone", bytes("1"));
    store.delete("/gone", 1);
    assertThatThrownBy(() -> store.delete("/gone", 0)).isInstanceOf(StoreException.KeyNotFound.class);
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void rangeReturnsTheKeysUnderThePrefixInKeyOrderWithTheirRevision() {
    store.create("/registry/pods/default/web-2", bytes("w2"));
    store.create("/registry/pods/default/web-1", bytes("w1"));
    store.create("/registry/pods/kube-system/dns", bytes("dns"));
    store.create("/registry/services/default/web", bytes("svc"));
    store.create("/registry/pods/default/web-3", bytes("w3"));
    store.delete("/registry/pods/default/web-3", 0);

    Range pods = store.range("/registry/pods/default/");
    Range all = store.range("");

    assertThat(pods.items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/default/web-1", "/registry/pods/default/web-2");
    assertThat(pods.revision()).isEqualTo(6);
    assertThat(all.items()).hasSize(4);
    assertThat(store.range("/registry/nodes/").items()).isEmpty();
  }

  @Test
  void valuesOverOneAndAHalfMebibytesAreRefusedNamingKeyAndSize() {
    byte[] limit = new byte[RocksStore.MAX_VALUE_BYTES];
    byte[] tooBig = new byte[RocksStore.MAX_VALUE_BYTES + 1];

    assertThat(store.create("/big", limit).value()).hasSize(1_572_864);
    assertThatThrownBy(() -> store.create("/huge", tooBig)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/huge").hasMessageContaining("1572865");
    assertThatThrownBy(() -> store.update("/big", tooBig, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void changingTheCallersArrayAfterAWriteDoesNotChangeTheStoredValue() {
    byte[] value = bytes("original");
    store.create("/a", value);

    value[0] = 'X';

    assertThat(text(store.get("/a").orElseThrow())).isEqualTo("original");
  }

  @Test
  void concurrentWritersGetDistinctGapFreeRevisions() throws Exception {
    int threads = 16;
    int writesEach = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<Long> revisions = new ArrayList<>();
          for (int i = 0; i < writesEach; i++) {
            revisions.add(store.create("/k/%02d/%03d".formatted(thread, i), bytes("v")).modRevision());
          }
          return revisions;
        }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        List<Long> revisions = result.get();
        assertThat(revisions).as("one writer's revisions").isSorted();
        all.addAll(revisions);
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * writesEach).boxed().toList());
    }
    assertThat(store.revision()).isEqualTo(threads * writesEach);
  }

  @Test
  void rangeNeverShowsHalfOfAGroupCommit() throws Exception {
    // Every write creates one key, so a consistent range has exactly as many keys as its revision.
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> inconsistencies = new ConcurrentLinkedQueue<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      while (writing.get()) {
        Range range = store.range("/k/");
        if (range.items().size() != range.revision()) {
          inconsistencies.add(range.items().size() + " keys at revision " + range.revision());
        }
      }
    });
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        int thread = t;
        pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            store.create("/k/%d/%d".formatted(thread, i), bytes("v"));
          }
        });
      }
    } finally {
      writing.set(false);
      reader.join();
    }
    assertThat(inconsistencies).isEmpty();
    assertThat(store.range("/k/").items()).hasSize(320);
  }

  @Test
  void writesAfterCloseFailWithUnavailable() {
    store.create("/a", bytes("1"));
    store.close();

    assertThatThrownBy(() -> store.create("/b", bytes("1"))).isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.update("/a", bytes("2"), 0)).isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.delete("/a", 0)).isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.watch("/", 0, event -> {})).isInstanceOf(StoreException.Unavailable.class);
  }
}
