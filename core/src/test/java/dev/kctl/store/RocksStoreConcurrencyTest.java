package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers and watchers at once: the committed history is one sequence every watcher sees the
 * same way, and the precondition rules hold under contention.
 */
class RocksStoreConcurrencyTest {
  static final int KEYS = 40;

  @TempDir Path dir;
  RocksStore store;

  @BeforeEach
  void open() {
    // A small ring: watchers that start late or fall behind replay from the on-disk log too.
    store = RocksStore.open(dir, new StoreConfig(64, 1_000_000, 10_000, 1_000));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A successful write as its caller saw it. */
  record Acknowledged(String key, long revision, boolean deleted) {}

  @Test
  void watchersStartedAtDifferentRevisionsSeeTheSameGapFreeHistoryDuringRandomWrites() throws Exception {
    int writers = 16;
    int opsEach = 250;
    RecordingListener fromStart = new RecordingListener();
    store.watch("/", 0, fromStart);
    RecordingListener narrow = new RecordingListener();
    store.watch("/k/1", 0, narrow);
    // A list, not a map by revision: two watchers may join at the same revision when the writes
    // outrun the joiner, and each must be checked.
    List<Map.Entry<Long, RecordingListener>> lateWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Acknowledged> acknowledged = new ArrayList<>();

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Acknowledged>>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long seed = w;
        results.add(pool.submit(() -> {
          go.await();
          return randomWrites(new SplittableRandom(seed), opsEach);
        }));
      }
      // Watchers joining while the writes run, each from the revision it finds.
      Future<?> joiner = pool.submit(() -> {
        go.await();
        for (long target : new long[] {10, 100, 300, 700}) {
          await("revision " + target).atMost(Duration.ofSeconds(30)).until(() -> store.revision() >= target);
          RecordingListener late = new RecordingListener();
          long from = store.revision();
          store.watch("/", from, late);
          lateWatchers.add(Map.entry(from, late));
        }
        return null;
      });
      go.countDown();
      for (Future<List<Acknowledged>> result : results) {
        acknowledged.addAll(result.get());
      }
      joiner.get();
    }

    long head = store.revision();
    List<StoreEvent> history = fromStart.awaitEvents((int) head);
    assertThat(history).extracting(StoreEvent::revision)
        .as("revisions seen by the watcher from 0: every one, once, in order")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
    List<String> reference = describe(history);

    assertThat(lateWatchers).hasSize(4);
    lateWatchers.forEach(entry -> {
      long from = entry.getKey();
      RecordingListener late = entry.getValue();
      late.awaitEvents((int) (head - from));
      assertThat(describe(late.events())).as("watcher from revision %d", from)
          .containsExactlyElementsOf(reference.subList((int) from, reference.size()));
    });
    RecordingListener afterwards = new RecordingListener();
    store.watch("/", 0, afterwards);
    assertThat(describe(afterwards.awaitEvents((int) head))).as("watcher started after the writes, from 0")
        .containsExactlyElementsOf(reference);
    List<String> narrowReference = describe(history.stream().filter(e -> key(e).startsWith("/k/1")).toList());
    assertThat(describe(narrow.awaitEvents(narrowReference.size()))).as("watcher of prefix /k/1")
        .containsExactlyElementsOf(narrowReference);

    assertThat(acknowledged).as("every write was acknowledged with the revision it has in the history")
        .allSatisfy(ack -> {
          StoreEvent event = history.get((int) ack.revision() - 1);
          assertThat(key(event)).isEqualTo(ack.key());
          assertThat(event instanceof StoreEvent.Delete).isEqualTo(ack.deleted());
        })
        .hasSize((int) head);
    assertThat(replay(history)).as("replaying the history gives the stored state").isEqualTo(latest());
  }

  @Test
  void readModifyWriteWithRevisionPreconditionsLosesNoIncrement() throws Exception {
    store.create("/counter", bytes("0"));
    int threads = 16;
    int incrementsEach = 40;
    AtomicInteger conflicts = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        pool.submit(() -> {
          for (int i = 0; i < incrementsEach; ) {
            KeyValue current = store.get("/counter").orElseThrow();
            int next = Integer.parseInt(text(current)) + 1;
            try {
              store.update("/counter", bytes(Integer.toString(next)), current.modRevision());
              i++;
            } catch (StoreException.RevisionMismatch e) {
              conflicts.incrementAndGet();
            }
          }
          return null;
        });
      }
    }

    assertThat(text(store.get("/counter").orElseThrow())).isEqualTo(Integer.toString(threads * incrementsEach));
    assertThat(store.revision()).as("one revision per successful update, none for a rejected one")
        .isEqualTo(1 + threads * incrementsEach);
    assertThat(conflicts.get()).as("the writers did contend").isPositive();
  }

  @Test
  void ofConcurrentCreatesOfOneKeyExactlyOneSucceeds() throws Exception {
    int contenders = 16;
    int keys = 30;
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    AtomicInteger exists = new AtomicInteger();
    runTogether(contenders, c -> {
      for (int k = 0; k < keys; k++) {
        try {
          store.create("/race/" + k, bytes("by " + c));
          wins.computeIfAbsent("/race/" + k, key -> new AtomicInteger()).incrementAndGet();
        } catch (StoreException.KeyExists e) {
          exists.incrementAndGet();
        }
      }
    });

    assertThat(wins).hasSize(keys).allSatisfy((key, count) -> assertThat(count.get()).as(key).isEqualTo(1));
    assertThat(exists.get()).isEqualTo((contenders - 1) * keys);
    assertThat(store.revision()).isEqualTo(keys);
  }

  @Test
  void ofConcurrentUpdatesOrDeletesExpectingTheSameRevisionExactlyOneSucceeds() throws Exception {
    int keys = 30;
    Map<String, Long> created = new HashMap<>();
    for (int k = 0; k < keys; k++) {
      created.put("/race/" + k, store.create("/race/" + k, bytes("v0")).modRevision());
    }
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    AtomicInteger rejected = new AtomicInteger();
    runTogether(16, c -> {
      for (int k = 0; k < keys; k++) {
        String key = "/race/" + k;
        try {
          if (c % 2 == 0) {
            store.update(key, bytes("by " + c), created.get(key));
          } else {
            store.delete(key, created.get(key));
          }
          wins.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
        } catch (StoreException.RevisionMismatch | StoreException.KeyNotFound e) {
          rejected.incrementAndGet();
        }
      }
    });

    assertThat(wins).hasSize(keys).allSatisfy((key, count) -> assertThat(count.get()).as(key).isEqualTo(1));
    assertThat(rejected.get()).isEqualTo(15 * keys);
    assertThat(store.revision()).isEqualTo(2L * keys);
  }

  private interface Contender {
    void run(int index) throws Exception;
  }

  private static void runTogether(int contenders, Contender contender) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < contenders; c++) {
        int index = c;
        done.add(pool.submit(() -> {
          go.await();
          contender.run(index);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  /** Random creates, updates and deletes, with and without preconditions; returns the successful ones. */
  private List<Acknowledged> randomWrites(SplittableRandom random, int ops) {
    List<Acknowledged> done = new ArrayList<>();
    for (int i = 0; i < ops; i++) {
      String key = "/k/" + random.nextInt(KEYS);
      byte[] value = bytes(key + "#" + random.nextInt(1_000_000));
      long expected = random.nextBoolean() ? 0 : store.get(key).map(KeyValue::modRevision).orElse(1L);
      try {
        switch (random.nextInt(3)) {
          case 0 -> done.add(new Acknowledged(key, store.create(key, value).modRevision(), false));
          case 1 -> done.add(new Acknowledged(key, store.update(key, value, expected).modRevision(), false));
          default -> done.add(new Acknowledged(key, store.delete(key, expected).modRevision(), true));
        }
      } catch (StoreException.KeyExists | StoreException.KeyNotFound | StoreException.RevisionMismatch e) {
        // The rules under test: the history replay checks that accepted writes obeyed them.
      }
    }
    return done;
  }

  /**
   * Applies the history to an empty map, checking each event against the state before it: a
   * create finds no key, an update or delete finds exactly the value it reports as previous.
   */
  private static Map<String, String> replay(List<StoreEvent> history) {
    Map<String, KeyValue> state = new HashMap<>();
    for (StoreEvent event : history) {
      switch (event) {
        case StoreEvent.Put put -> {
          KeyValue before = state.get(put.current().key());
          if (put.previous() == null) {
            assertThat(before).as("create at %d found no key", put.revision()).isNull();
            assertThat(put.current().createRevision()).isEqualTo(put.revision());
          } else {
            assertThat(before).as("update at %d found its previous value", put.revision()).isNotNull();
            assertThat(put.previous().modRevision()).isEqualTo(before.modRevision());
            assertThat(put.current().createRevision()).isEqualTo(before.createRevision());
          }
          assertThat(put.current().modRevision()).isEqualTo(put.revision());
          state.put(put.current().key(), put.current());
        }
        case StoreEvent.Delete delete -> {
          KeyValue before = state.remove(delete.previous().key());
          assertThat(before).as("delete at %d found the key", delete.revision()).isNotNull();
          assertThat(text(delete.previous())).isEqualTo(text(before));
        }
        case StoreEvent.Failed failed -> throw new AssertionError("watch failed: " + failed);
      }
    }
    Map<String, String> out = new TreeMap<>();
    state.forEach((key, kv) -> out.put(key, kv.modRevision() + ":" + text(kv)));
    return out;
  }

  private Map<String, String> latest() {
    Map<String, String> out = new TreeMap<>();
    store.range("/").items().forEach(kv -> out.put(kv.key(), kv.modRevision() + ":" + text(kv)));
    return out;
  }

  /** Events as comparable text (KeyValue holds arrays, so records do not compare by content). */
  private static List<String> describe(List<StoreEvent> events) {
    return events.stream().map(event -> switch (event) {
      case StoreEvent.Put put -> "%d PUT %s %d %s prev=%s".formatted(put.revision(), put.current().key(),
          put.current().createRevision(), text(put.current()), put.previous() == null ? "-" : put.previous().modRevision() + ":" + text(put.previous()));
      case StoreEvent.Delete delete -> "%d DELETE %s %d %s".formatted(delete.revision(), delete.previous().key(),
          delete.previous().createRevision(), text(delete.previous()));
      case StoreEvent.Failed failed -> "%d FAILED %s".formatted(failed.revision(), failed.cause().getMessage());
    }).toList();
  }

  private static String key(StoreEvent event) {
    return switch (event) {
      case StoreEvent.Put put -> put.current().key();
      case StoreEvent.Delete delete -> delete.previous().key();
      case StoreEvent.Failed failed -> "";
    };
  }
}
