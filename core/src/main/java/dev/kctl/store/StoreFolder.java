package dev.kctl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks at a store folder before RocksDB touches it, because RocksDB asked to "create if missing"
 * would start an empty database in a folder of someone else's files, or over the files of a
 * database whose CURRENT pointer was lost: exactly the silent data loss a store must never cause.
 *
 * <p>A folder is new when it is missing, empty, or holds only what an interrupted creation leaves
 * before RocksDB writes CURRENT (the lock, info logs, IDENTITY, a first MANIFEST or OPTIONS file,
 * temporary files, empty WAL files). A folder with CURRENT holds a database (ours or not: {@link
 * Disk} checks its column families and format marker). Anything else is refused.
 */
final class StoreFolder {
  private StoreFolder() {}

  /**
   * True when {@code dir} holds no database yet and one may be created in it; false when it holds
   * a RocksDB database.
   *
   * @throws StoreException.Unusable when it holds other files, or RocksDB data without CURRENT
   * @throws StoreException.Unavailable when it cannot be read
   */
  static boolean isNew(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      throw new StoreException.Unusable(("the store path %s is a file, not a folder; point kctld's --data-dir at a "
          + "folder (the store lives in its store/ subfolder) or move the file away").formatted(dir));
    }
    if (Files.isRegularFile(dir.resolve("CURRENT"))) {
      return false;
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      throw new StoreException.Unavailable("cannot list the store folder " + dir + ": " + e.getMessage(), e);
    }
    List<Path> data = entries.stream().filter(entry -> !isCreationLeftover(entry)).toList();
    if (data.isEmpty()) {
      return true;
    }
    if (data.stream().anyMatch(StoreFolder::isRocksData)) {
      throw new StoreException.Unusable(("the store folder %s holds RocksDB data files (%s) but no CURRENT file, so the "
          + "store is damaged; kctld will not start an empty store over them. Restore the folder from a backup, or move "
          + "it away to start with an empty cluster").formatted(dir, names(data)));
    }
    throw new StoreException.Unusable(("the folder %s is not a kctl store: it holds %s; kctld will not create a store "
        + "over other files. Point kctld's --data-dir at another folder, or move these files away")
        .formatted(dir, names(data)));
  }

  private static boolean isCreationLeftover(Path entry) {
    String name = entry.getFileName().toString();
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    return name.equals("LOCK") || name.equals("LOG") || name.startsWith("LOG.old.") || name.equals("IDENTITY")
        || name.startsWith("MANIFEST-") || name.startsWith("OPTIONS-") || name.endsWith(".dbtmp")
        || (name.endsWith(".log") && size(entry) == 0);
  }

  private static boolean isRocksData(Path entry) {
    String name = entry.getFileName().toString();
    return name.endsWith(".sst") || name.endsWith(".log") || name.endsWith(".blob");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static String names(List<Path> entries) {
    List<String> names = entries.stream().limit(5).map(p -> p.getFileName().toString()).toList();
    String more = entries.size() > names.size() ? " and %d more".formatted(entries.size() - names.size()) : "";
    return String.join(", ", names) + more;
  }
}
