package dev.kctl.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files that hold credentials (keys, tokens, kubeconfigs): each file is written readable by
 * its owner only, atomically, and each folder created for them is for its owner only.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents; a folder it creates is for its owner only. */
  public static void createDirectories(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dir + ": " + e, e);
    }
  }

  /**
   * Replaces {@code file} with {@code content}, readable by the owner only. The bytes go to a
   * temporary file that is created with mode 0600 (so they are never readable by others, not even
   * for an instant, whatever the umask) and then renamed over {@code file}, so a reader sees the
   * old file or the new one, never half of it.
   *
   * @throws UncheckedIOException when the file cannot be written; {@code file} is then unchanged
   */
  public static void write(Path file, byte[] content) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      FileAttribute<?>[] ownerOnly = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];
      Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", ownerOnly);
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e, e);
    }
  }
}
