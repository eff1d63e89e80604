package dev.kctl.kletd.pods;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a volume's files so that a reader sees the old set or the new one, never a mix, as the
 * kubelet's atomic writer does:
 *
 * <pre>
 *   config/..2026_01_01_00_00_00.000000001/app.properties   the files of one version
 *   config/..data -> ..2026_01_01_00_00_00.000000001        switched by one rename(2)
 *   config/app.properties -> ..data/app.properties          what the process opens
 * </pre>
 *
 * An update writes a new version folder, points a temporary {@code ..data_tmp} link at it, renames
 * that over {@code ..data} (atomic on POSIX file systems), fixes the top-level links and removes the
 * old version. Not thread-safe: a pod's worker owns its volumes.
 */
final class AtomicWriter {
  private static final String DATA = "..data";
  private static final String DATA_TMP = "..data_tmp";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss.nnnnnnnnn").withZone(ZoneOffset.UTC);
  /** Permission bits from the lowest (others' execute, 01) to the highest (owner's read, 0400). */
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  /** One file of a volume: its bytes and its mode bits (e.g. 0644). */
  record File(byte[] data, int mode) {
    @Override
    public boolean equals(Object o) {
      return o instanceof File f && f.mode == mode && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(data) + mode;
    }

    @Override
    public String toString() {
      return "File[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
  }

  private AtomicWriter() {}

  /**
   * Makes {@code dir} hold exactly {@code files} (relative paths, '/'-separated).
   *
   * @return false when it already did, so nothing was written
   */
  static boolean write(Path dir, Map<String, File> files, Instant now) throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve(DATA);
    Path current = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    if (current != null && same(read(current), files, posix(dir))) {
      return false;
    }
    Path version = newVersion(dir, now);
    for (Map.Entry<String, File> e : files.entrySet()) {
      Path file = version.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue().data());
      setMode(file, e.getValue().mode());
    }
    Path tmp = dir.resolve(DATA_TMP);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, version.getFileName());
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Set<String> tops = new TreeSet<>();
    files.keySet().forEach(k -> tops.add(k.split("/", 2)[0]));
    for (String top : tops) {
      Path link = dir.resolve(top);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, dir.getFileSystem().getPath(DATA, top));
      }
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("..") && !tops.contains(name) && Files.isSymbolicLink(entry)) {
          Files.delete(entry);
        } else if (name.startsWith("..") && !name.equals(DATA) && !entry.equals(version)
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          Folders.deleteTree(entry);
        }
      }
    }
    return true;
  }

  /** The files of one version folder, as {@link #write} takes them. */
  static Map<String, File> read(Path version) throws IOException {
    Map<String, File> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(version)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String relative = version.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        files.put(relative, new File(Files.readAllBytes(p), mode(p)));
      }
    }
    return files;
  }

  /** Whether two sets of files are alike; modes count only where the file system keeps them. */
  private static boolean same(Map<String, File> a, Map<String, File> b, boolean modes) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> {
      File other = b.get(e.getKey());
      return Arrays.equals(e.getValue().data(), other.data()) && (!modes || e.getValue().mode() == other.mode());
    });
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Path newVersion(Path dir, Instant now) throws IOException {
    String stamp = ".." + STAMP.format(now);
    for (int n = 0; ; n++) {
      Path version = dir.resolve(n == 0 ? stamp : stamp + "_" + n);
      try {
        return Files.createDirectory(version);
      } catch (FileAlreadyExistsException e) {
        // two updates within the clock's resolution: take the next name
      }
    }
  }

  private static void setMode(Path file, int mode) throws IOException {
    if (!posix(file)) {
      return;
    }
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(BITS[bit]);
      }
    }
    Files.setPosixFilePermissions(file, perms);
  }

  private static int mode(Path file) throws IOException {
    if (!posix(file)) {
      return 0;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    int mode = 0;
    for (int bit = 0; bit < BITS.length; bit++) {
      if (perms.contains(BITS[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }
}
