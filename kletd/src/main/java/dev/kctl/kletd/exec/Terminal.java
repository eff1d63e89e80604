package dev.kctl.kletd.exec;

import dev.kctl.client.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pseudo-terminal for {@code kubectl exec -t}, made by util-linux {@code script}: the JVM
 * cannot open one itself, and {@code script} runs a command on a fresh pty whose master it
 * relays to its own stdin and stdout, which are the session's pipes. Echo, line editing, Ctrl-C
 * as SIGINT and full-screen programs then behave as in a container's terminal. The window size
 * is set with {@code stty -F} on the pty the command's process holds.
 *
 * @param script the {@code script} program
 * @param stty the {@code stty} program
 */
record Terminal(Path script, Path stty) {
  private static final Logger log = LoggerFactory.getLogger(Terminal.class);
  /** How long a resize waits for the command's pty to appear: script makes it at once. */
  private static final Duration PTY_WAIT = Duration.ofSeconds(2);
  private static final Duration PTY_POLL = Duration.ofMillis(10);

  /** The node's {@code script} and {@code stty}; empty where either is missing. */
  static Optional<Terminal> onThisNode() {
    Optional<Path> script = Programs.find("script");
    Optional<Path> stty = Programs.find("stty");
    return script.isPresent() && stty.isPresent() ? Optional.of(new Terminal(script.get(), stty.get())) : Optional.empty();
  }

  /** A window size, as kubectl's resize messages give it. */
  record Size(int columns, int rows) {}

  /**
   * {@code argv} run on a new pty, of {@code size} when known (set before the command starts, so
   * it never sees 0x0); {@code --return} passes the command's exit code on.
   */
  List<String> wrap(List<String> argv, Optional<Size> size) {
    String sized = size.map(s -> stty + " cols " + s.columns() + " rows " + s.rows() + " 2>/dev/null; ").orElse("");
    return List.of(script.toString(), "--quiet", "--flush", "--return", "--command", sized + "exec " + shellWords(argv),
        "/dev/null");
  }

  /** Sets the window size of the pty the session's command runs on, once it has one. */
  void resize(Process session, int columns, int rows) {
    Instant deadline = Instant.now().plus(PTY_WAIT);
    while (session.isAlive()) {
      Optional<Path> pty = ptyOf(session);
      if (pty.isPresent()) {
        run(List.of(stty.toString(), "-F", pty.get().toString(), "cols", Integer.toString(columns),
            "rows", Integer.toString(rows)));
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        log.debug("no pty found under pid {} to resize", session.pid());
        return;
      }
      LockSupport.parkNanos(PTY_POLL.toNanos());
    }
  }

  /** The pty that a process below {@code session} (script's child) has as its stdin. */
  private static Optional<Path> ptyOf(Process session) {
    return session.descendants()
        .map(child -> Path.of("/proc", Long.toString(child.pid()), "fd", "0"))
        .flatMap(fd -> {
          try {
            return Stream.of(Files.readSymbolicLink(fd));
          } catch (IOException | UnsupportedOperationException e) {
            return Stream.empty();
          }
        })
        .filter(target -> target.toString().startsWith("/dev/pts/"))
        .findFirst();
  }

  private static void run(List<String> argv) {
    try {
      Process stty = new ProcessBuilder(argv).redirectErrorStream(true).start();
      stty.getInputStream().readAllBytes();
      stty.waitFor();
    } catch (IOException e) {
      log.debug("resizing the pty failed: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The words as one POSIX shell command line, each single-quoted. */
  static String shellWords(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String word : words) {
      quoted.add("'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}
