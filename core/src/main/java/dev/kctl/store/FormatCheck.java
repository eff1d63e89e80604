package dev.kctl.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;

/**
 * Decides, read-only, whether an existing RocksDB database is a kctl store this code may open: its
 * column families must be exactly kctl's, and its format marker ({@link Encoding#FORMAT_KEY}) must
 * name a version this code reads. Read-only, because a store it refuses (another program's
 * database, a newer kctl's store) must be left exactly as it was.
 *
 * <p>Two unmarked cases are accepted, neither able to lose data: a database with no data at all
 * (a creation interrupted before the marker was written; it may even lack kctl's column families)
 * and a database with kctl's column families and a revision counter (written by kctl before
 * markers existed, in the layout that became format 1). Both get the marker when opened.
 */
final class FormatCheck {
  /** The layout {@link Encoding} describes. Raise it with any change older code would misread. */
  static final long VERSION = 1;

  static final String DEFAULT = new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);
  static final List<String> FAMILIES = List.of(DEFAULT, "kv", "log", "meta");

  /** What opening the database must do besides opening it. */
  enum Verdict {
    /** Marked with this version. */
    READY,
    /** kctl's data without a marker: write the marker. */
    ADOPT_UNMARKED,
    /** No data at all: create missing column families and write the marker. */
    FINISH_CREATION
  }

  private FormatCheck() {}

  /**
   * Inspects the database in {@code dir}, which must exist.
   *
   * @throws StoreException.Unusable for a foreign, damaged or newer database
   * @throws StoreException.Unavailable when it cannot be read (permissions, disk)
   */
  static Verdict inspect(Path dir) {
    List<String> families = listFamilies(dir);
    if (families.isEmpty()) {
      // RocksJava answers an unreadable CURRENT or MANIFEST with no families rather than an error.
      throw damaged(dir, "its CURRENT and MANIFEST files name no column families (" + openError(dir) + ")", null);
    }
    if (families.equals(List.of(DEFAULT))) {
      if (readOnly(dir, families, FormatCheck::allEmpty)) {
        return Verdict.FINISH_CREATION;
      }
      throw foreign(dir, families);
    }
    if (!Set.copyOf(families).equals(Set.copyOf(FAMILIES)) || families.size() != FAMILIES.size()) {
      throw foreign(dir, families);
    }
    return readOnly(dir, FAMILIES, (db, handles) -> {
      ColumnFamilyHandle meta = handles.get(FAMILIES.indexOf("meta"));
      byte[] marker = db.get(meta, Encoding.FORMAT_KEY);
      if (marker != null) {
        requireReadable(dir, marker);
        return Verdict.READY;
      }
      if (allEmpty(db, handles)) {
        return Verdict.FINISH_CREATION;
      }
      if (db.get(meta, Encoding.REVISION_KEY) != null) {
        return Verdict.ADOPT_UNMARKED;
      }
      throw damaged(dir, "it has kctl's column families and data, but neither a format marker nor a revision counter", null);
    });
  }

  static StoreException.Unusable damaged(Path dir, String why, Throwable cause) {
    return new StoreException.Unusable(("the store in %s is damaged: %s. kctld changed nothing; restore the folder "
        + "from a backup, or move it away to start with an empty cluster").formatted(dir, why), cause);
  }

  private static void requireReadable(Path dir, byte[] marker) {
    if (marker.length != Long.BYTES) {
      throw damaged(dir, "its format marker is %d bytes long instead of %d".formatted(marker.length, Long.BYTES), null);
    }
    long version = Encoding.readLong(marker);
    if (version > VERSION) {
      throw new StoreException.Unusable(("the store in %s has format version %d, written by a newer kctld; this kctld "
          + "reads format %d only and changed nothing. Run the newer kctld, or restore a backup made with this one")
          .formatted(dir, version, VERSION));
    }
    if (version < 1) {
      throw damaged(dir, "its format marker holds version " + version, null);
    }
  }

  private static StoreException.Unusable foreign(Path dir, List<String> families) {
    return new StoreException.Unusable(("the folder %s holds a RocksDB database that is not a kctl store (its column "
        + "families are %s; a kctl store has %s); kctld changed nothing. Point kctld's --data-dir at another folder, "
        + "or move this one away").formatted(dir, families, FAMILIES));
  }

  private static List<String> listFamilies(Path dir) {
    try (Options options = new Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        names.add(new String(name, StandardCharsets.UTF_8));
      }
      return List.copyOf(names);
    } catch (RocksDBException e) {
      throw readFailure(dir, e);
    }
  }

  private interface Inspection<T> {
    T run(RocksDB db, List<ColumnFamilyHandle> handles) throws RocksDBException;
  }

  private static <T> T readOnly(Path dir, List<String> families, Inspection<T> inspection) {
    List<ColumnFamilyDescriptor> descriptors = families.stream()
        .map(name -> new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)))
        .toList();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
         RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)) {
      try {
        return inspection.run(db, handles);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw readFailure(dir, e);
    }
  }

  /** What RocksDB says when asked to open the database, for a message; "no error" if it opens. */
  private static String openError(Path dir) {
    try {
      readOnly(dir, List.of(DEFAULT), (db, handles) -> null);
      return "RocksDB reports no error";
    } catch (StoreException e) {
      return e.getCause() != null ? "RocksDB reports " + e.getCause().getMessage() : e.getMessage();
    }
  }

  private static boolean allEmpty(RocksDB db, List<ColumnFamilyHandle> handles) throws RocksDBException {
    for (ColumnFamilyHandle handle : handles) {
      try (RocksIterator it = db.newIterator(handle)) {
        it.seekToFirst();
        boolean empty = !it.isValid();
        it.status();
        if (!empty) {
          return false;
        }
      }
    }
    return true;
  }

  static StoreException readFailure(Path dir, RocksDBException e) {
    Status status = e.getStatus();
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return damaged(dir, "RocksDB reports " + e.getMessage(), e);
    }
    return new StoreException.Unavailable(("cannot read the store in %s: %s; check the folder's permissions and the "
        + "disk").formatted(dir, e.getMessage()), e);
  }
}
