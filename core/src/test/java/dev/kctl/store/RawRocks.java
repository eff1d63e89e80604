package dev.kctl.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Direct RocksDB access for tests that build foreign, damaged or tampered store folders. */
final class RawRocks {
  static {
    RocksDB.loadLibrary();
  }

  private RawRocks() {}

  static List<String> families(Path dir) throws RocksDBException {
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, dir.toString()).stream()
          .map(name -> new String(name, StandardCharsets.UTF_8))
          .toList();
    }
  }

  /** Creates (or opens) a database with {@code families} and puts {@code key=value} into the last of them. */
  static void put(Path dir, List<String> families, byte[] key, byte[] value) throws RocksDBException {
    edit(dir, families, (db, handles) -> db.put(handles.getLast(), key, value));
  }

  static byte[] get(Path dir, List<String> families, byte[] key) throws RocksDBException {
    byte[][] found = new byte[1][];
    edit(dir, families, (db, handles) -> found[0] = db.get(handles.getLast(), key));
    return found[0];
  }

  static void delete(Path dir, List<String> families, byte[] key) throws RocksDBException {
    edit(dir, families, (db, handles) -> db.delete(handles.getLast(), key));
  }

  /** The families of a kctl store with "meta" last, for editing its markers and counters. */
  static List<String> storeFamiliesMetaLast() {
    return List.of("default", "kv", "log", "meta");
  }

  private interface Edit {
    void run(RocksDB db, List<ColumnFamilyHandle> handles) throws RocksDBException;
  }

  private static void edit(Path dir, List<String> families, Edit edit) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = families.stream()
        .map(name -> new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)))
        .toList();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
         RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      try {
        edit.run(db, handles);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
