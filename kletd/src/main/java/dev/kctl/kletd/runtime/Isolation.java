package dev.kctl.kletd.runtime;

import dev.kctl.client.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this node can do to isolate containers, found once when kletd starts.
 *
 * @param unshare the {@code unshare} program when kletd can make private mount namespaces (root and
 *     util-linux), so volumes appear at their mountPath; empty otherwise
 * @param nsenter the {@code nsenter} program, to run probes and hooks inside such a namespace
 * @param mountsUnsupported why there are no mount namespaces; empty when there are
 * @param cgroups the cgroups kletd can make for limits
 */
public record Isolation(Optional<Path> unshare, Optional<Path> nsenter, Optional<String> mountsUnsupported,
    Cgroups cgroups) {

  /** No mount namespaces, no cgroups: what a runtime gets unless asked for more. */
  public static Isolation none(String why) {
    return new Isolation(Optional.empty(), Optional.empty(), Optional.of(why), new Cgroups.Unavailable(why));
  }

  /** Tries {@code unshare --mount} once and finds the node's cgroups. */
  public static Isolation detect() {
    Optional<Path> unshare = Programs.find("unshare");
    Optional<Path> nsenter = Programs.find("nsenter");
    Optional<String> why = unshare.isEmpty() || nsenter.isEmpty()
        ? Optional.of("unshare and nsenter (util-linux) are not installed")
        : tryUnshare(unshare.get());
    String self;
    try {
      self = Files.readString(Path.of("/proc/self/cgroup"));
    } catch (IOException e) {
      self = "";
    }
    return new Isolation(why.isEmpty() ? unshare : Optional.empty(), why.isEmpty() ? nsenter : Optional.empty(),
        why, Cgroups.detect(Path.of("/sys/fs/cgroup"), self));
  }

  private static Optional<String> tryUnshare(Path unshare) {
    try {
      Process p = new ProcessBuilder(unshare.toString(), "--mount", "--propagation", "private", "true")
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("unshare --mount did not finish within 10 s");
      }
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of("unshare --mount failed (kletd needs root to make mount namespaces): " + output);
    } catch (IOException e) {
      return Optional.of("cannot run " + unshare + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while trying unshare");
    }
  }

}
