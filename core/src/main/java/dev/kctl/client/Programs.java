package dev.kctl.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the system programs kctl and kletd start (setsid, unshare, nsenter, script) in the
 * folders Debian and most distributions install them in, not through $PATH: a daemon's PATH is
 * whatever started it, and these must be the system's own.
 */
public final class Programs {
  /** Where to look, in order. */
  public static final List<Path> FOLDERS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"),
      Path.of("/sbin"));

  private Programs() {}

  /** The executable called {@code name} in the first of {@link #FOLDERS} that has one. */
  public static Optional<Path> find(String name) {
    for (Path folder : FOLDERS) {
      Path program = folder.resolve(name);
      if (Files.isExecutable(program)) {
        return Optional.of(program);
      }
    }
    return Optional.empty();
  }
}
