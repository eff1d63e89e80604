package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreSnapshotTest {
  @TempDir Path dir;

  @Test
  void aRangeAtAPastRevisionShowsExactlyWhatTheLatestRangeShowedThen() {
    // The ring holds 8 events, so older revisions are read back from the on-disk log too.
    try (RocksStore store = RocksStore.open(dir, new StoreConfig(8, 100_000, 10_000, 1_000))) {
      Random random = new Random(42);
      Map<Long, List<String>> seen = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        String key = (random.nextBoolean() ? "/a/" : "/b/") + random.nextInt(12);
        var current = store.get(key);
        if (current.isEmpty()) {
          store.create(key, bytes("v" + i));
        } else if (random.nextInt(3) == 0) {
          store.delete(key, current.get().modRevision());
        } else {
          store.update(key, bytes("v" + i), current.get().modRevision());
        }
        Range now = store.range("/a/");
        seen.put(now.revision(), describe(now));
      }

      seen.forEach((revision, expected) -> {
        Range past = store.range("/a/", revision);
        assertThat(past.revision()).isEqualTo(revision);
        assertThat(describe(past)).as("range of /a/ at revision %d", revision).isEqualTo(expected);
      });
    }
  }

  @Test
  void aRangeBeforeTheCompactedRevisionFailsWithCompacted() {
    try (RocksStore store = RocksStore.open(dir, new StoreConfig(2, 5, 2, 1_000))) {
      for (int i = 0; i < 20; i++) {
        store.create("/k/" + i, bytes("x"));
      }
      await("log compacted").atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() == 15);

      assertThatThrownBy(() -> store.range("/k/", 3)).isInstanceOf(StoreException.Compacted.class);
      assertThat(store.range("/k/", 15).items()).hasSize(15);
      assertThat(store.range("/k/", 99).items()).hasSize(20);
    }
  }

  private static List<String> describe(Range range) {
    List<String> lines = new ArrayList<>();
    range.items().forEach(kv -> lines.add(kv.key() + "=" + text(kv) + "@" + kv.modRevision()));
    return lines;
  }
}
