package dev.kctl.store;

import static dev.kctl.store.StoreTesting.bytes;
import static dev.kctl.store.StoreTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a folder that is not a healthy kctl store: it is refused with a message naming the
 * folder and what to do, and left as it was; never replaced by an empty store.
 */
class RocksStoreRecoveryTest {
  static final List<String> META_LAST = RawRocks.storeFamiliesMetaLast();

  @TempDir Path tmp;

  @Test
  void aNewStoreIsMarkedWithTheFormatVersionAndReopens() {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }

    assertThat(FormatCheck.inspect(dir)).isEqualTo(FormatCheck.Verdict.READY);
    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(text(store.get("/a").orElseThrow())).isEqualTo("1");
    }
  }

  @Test
  void aFolderOfOtherFilesIsRefusedNamingTheFolderAndLeftUnchanged() throws Exception {
    Path dir = tmp.resolve("photos");
    Files.createDirectories(dir.resolve("2024"));
    Files.writeString(dir.resolve("notes.txt"), "not a database");
    Files.write(dir.resolve("000007.dat"), new byte[] {1, 2, 3});
    Map<String, String> before = snapshot(dir);

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a kctl store")
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("--data-dir");
    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aRocksDbOfAnotherProgramIsRefusedAndKeepsItsData() throws Exception {
    Path dir = tmp.resolve("other");
    RawRocks.put(dir, List.of("default"), bytes("user:1"), bytes("ada"));
    Map<String, String> before = snapshot(dir);

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a kctl store")
        .hasMessageContaining("[default]");
    assertThat(snapshot(dir)).isEqualTo(before);
    assertThat(RawRocks.families(dir)).containsExactly("default");
    assertThat(RawRocks.get(dir, List.of("default"), bytes("user:1"))).isEqualTo(bytes("ada"));
  }

  @Test
  void aRocksDbWithOtherColumnFamiliesIsRefusedEvenWhenItHasSomeOfOurs() throws Exception {
    Path dir = tmp.resolve("other");
    RawRocks.put(dir, List.of("default", "kv", "users"), bytes("user:1"), bytes("ada"));

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("users");
    assertThat(RawRocks.families(dir)).containsExactly("default", "kv", "users");
  }

  @Test
  void aStoreOfANewerFormatIsRefusedAndLeftUnchanged() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }
    RawRocks.put(dir, META_LAST, bytes("format"), Encoding.longBytes(FormatCheck.VERSION + 1));
    Map<String, String> before = snapshot(dir);

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("format version " + (FormatCheck.VERSION + 1))
        .hasMessageContaining("newer kctld");
    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void databaseFilesWithoutCurrentAreReportedAsDamagedNotReplacedByAnEmptyStore() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }
    Files.delete(dir.resolve("CURRENT"));
    Map<String, String> before = snapshot(dir);

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("damaged")
        .hasMessageContaining("no CURRENT file");
    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aCurrentFilePointingAtAMissingManifestIsReportedAsDamaged() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }
    Files.writeString(dir.resolve("CURRENT"), "MANIFEST-999999\n");

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("damaged")
        .hasMessageContaining("MANIFEST-999999");
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("MANIFEST-999999\n");
  }

  @Test
  void aRevisionCounterBehindTheDataIsReportedAsDamaged() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
      store.create("/b", bytes("1"));
      store.update("/a", bytes("2"), 1);
    }
    RawRocks.put(dir, META_LAST, bytes("revision"), Encoding.longBytes(1));

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("damaged")
        .hasMessageContaining("revision counter says 1");
  }

  @Test
  void anEventLogMissingItsNewestEntryIsReportedAsDamaged() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
      store.create("/b", bytes("1"));
    }
    RawRocks.delete(dir, List.of("default", "kv", "meta", "log"), Encoding.longBytes(2));

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining("event log ends at 1");
  }

  @Test
  void anUnmarkedStoreOfTheFirstLayoutIsAdoptedWithItsData() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }
    RawRocks.delete(dir, META_LAST, bytes("format"));
    assertThat(FormatCheck.inspect(dir)).isEqualTo(FormatCheck.Verdict.ADOPT_UNMARKED);

    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(store.revision()).isEqualTo(1);
      assertThat(text(store.get("/a").orElseThrow())).isEqualTo("1");
    }
    assertThat(FormatCheck.inspect(dir)).isEqualTo(FormatCheck.Verdict.READY);
  }

  @Test
  void unmarkedDataWithoutARevisionCounterIsReportedAsDamaged() throws Exception {
    Path dir = tmp.resolve("store");
    try (RocksStore store = RocksStore.open(dir)) {
      store.create("/a", bytes("1"));
    }
    RawRocks.delete(dir, META_LAST, bytes("format"));
    RawRocks.delete(dir, META_LAST, bytes("revision"));

    assertThatThrownBy(() -> RocksStore.open(dir)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining("neither a format marker nor a revision counter");
  }

  @Test
  void aCreationInterruptedBeforeTheColumnFamiliesExistIsFinished() throws Exception {
    Path dir = tmp.resolve("store");
    createEmptyRocksDb(dir);

    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(store.revision()).isZero();
      store.create("/a", bytes("1"));
    }
    assertThat(RawRocks.families(dir)).containsExactlyInAnyOrderElementsOf(FormatCheck.FAMILIES);
    assertThat(FormatCheck.inspect(dir)).isEqualTo(FormatCheck.Verdict.READY);
  }

  @Test
  void aCreationInterruptedBeforeCurrentWasWrittenStartsAfresh() throws Exception {
    Path dir = tmp.resolve("store");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("LOCK"), "");
    Files.writeString(dir.resolve("LOG"), "rocksdb info log");
    Files.writeString(dir.resolve("IDENTITY"), "6f1c");

    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(store.revision()).isZero();
    }
    assertThat(FormatCheck.inspect(dir)).isEqualTo(FormatCheck.Verdict.READY);
  }

  @Test
  void aFileWhereTheFolderShouldBeIsRefused() throws Exception {
    Path file = tmp.resolve("store");
    Files.writeString(file, "x");

    assertThatThrownBy(() -> RocksStore.open(file)).isInstanceOf(StoreException.Unusable.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is a file");
  }

  private static void createEmptyRocksDb(Path dir) throws Exception {
    RawRocks.put(dir, List.of("default"), bytes("probe"), bytes("x"));
    RawRocks.delete(dir, List.of("default"), bytes("probe"));
  }

  /** Every file under {@code dir} with a hash of its content, except RocksDB's own info logs. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      Map<String, String> out = new TreeMap<>();
      files.filter(p -> !p.getFileName().toString().startsWith("LOG")).forEach(p ->
          out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(p)));
      return out;
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
