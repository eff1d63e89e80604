package dev.kctl.cli.agent;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The client side of the agent: takes a free {@link Slot}, hands the agent one command line and
 * plays its output back, as if the command ran here. Stdin is sent only once the command reads
 * it, so a command that does not read it leaves it alone.
 */
final class AgentClient {
  private static final java.time.Duration BUSY = java.time.Duration.ofSeconds(5);
  /** The exit code a shell shows for a process that SIGPIPE ended. */
  private static final int BROKEN_PIPE = 128 + 13;

  private AgentClient() {}

  /**
   * Runs {@code args} in the agent named by {@code files}.
   *
   * @return the command's exit code; empty when no agent answered, so that nothing has run
   */
  static OptionalInt run(AgentFiles files, String[] args, Map<String, String> environment, String workingDirectory,
      InputStream stdin, PrintStream stdout, PrintStream stderr) {
    if (!files.privateToThisUser() || !files.agentAlive()) {
      return OptionalInt.empty();
    }
    Slot slot = take(files.slots());
    if (slot == null) {
      return OptionalInt.empty();
    }
    FileChannel in;
    FileChannel out;
    try {
      in = FileChannel.open(slot.in(), StandardOpenOption.READ, StandardOpenOption.WRITE);
      out = readOnly(slot.out());
    } catch (IOException stopping) {
      // The agent removed its slots as it stopped: nothing was sent, nothing ran.
      return OptionalInt.empty();
    }
    try (in; out) {
      Frames.Writer agent = new Frames.Writer(Channels.newOutputStream(in));
      agent.hello(new Frames.Hello(List.of(args), workingDirectory, environment));
      return OptionalInt.of(playBack(new DataInputStream(new BufferedInputStream(Channels.newInputStream(out))),
          agent, stdin, stdout, stderr));
    } catch (IOException e) {
      stderr.println("kctl: lost the kctl agent before the command finished (" + e.getMessage() + "); its log is "
          + files.logFile() + ". Run the command again, or set KCTL_AGENT=off to run kctl without the agent.");
      return OptionalInt.of(1);
    }
  }

  /**
   * A free slot, now this client's. When more commands start at once than the agent keeps slots
   * open, the agent opens more as commands arrive: this waits for one, up to {@link #BUSY}.
   *
   * @return null when the agent opened none in that time
   */
  private static Slot take(Path slots) {
    long deadline = System.nanoTime() + BUSY.toNanos();
    while (true) {
      Slot slot = takeFree(slots);
      if (slot != null || System.nanoTime() > deadline) {
        return slot;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static Slot takeFree(Path slots) {
    String[] names = slots.toFile().list();
    if (names == null) {
      return null;
    }
    for (String name : names) {
      if (!name.startsWith("slot-")) {
        continue;
      }
      Slot slot = new Slot(slots.resolve(name));
      try {
        Files.createDirectory(slot.taken());
        return slot;
      } catch (IOException takenOrGone) {
        // Another client's, or done: try the next.
      }
    }
    return null;
  }

  /**
   * {@code pipe} open for reading only, without waiting for a writer: opened both ways first, so
   * that its end is seen when the agent, its only other writer, closes it or dies.
   */
  private static FileChannel readOnly(Path pipe) throws IOException {
    try (FileChannel bothWays = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return FileChannel.open(pipe, StandardOpenOption.READ);
    }
  }

  private static int playBack(DataInputStream in, Frames.Writer agent, InputStream stdin, PrintStream stdout,
      PrintStream stderr) throws IOException {
    while (true) {
      Frames.Frame frame;
      try {
        frame = Frames.Frame.read(in);
      } catch (java.io.EOFException e) {
        throw new IOException("it closed its end", e);
      }
      switch (frame.type()) {
        case Frames.STDOUT -> {
          if (!write(stdout, frame.payload())) {
            // Whoever read stdout stopped (kctl get pods -w | head -1): end, as kubectl does on
            // SIGPIPE, and closing the pipes cancels the command in the agent.
            return BROKEN_PIPE;
          }
        }
        case Frames.STDERR -> write(stderr, frame.payload());
        case Frames.WANT_STDIN -> Thread.ofPlatform().daemon().name("kctl-stdin").start(() -> send(stdin, agent));
        case Frames.EXIT -> {
          return frame.exitCode();
        }
        default -> throw new IOException("it sent a frame of unknown type " + frame.type());
      }
    }
  }

  /** @return false when the stream is closed */
  private static boolean write(PrintStream stream, byte[] bytes) {
    stream.write(bytes, 0, bytes.length);
    stream.flush();
    return !stream.checkError();
  }

  /** Copies stdin to the agent, then an empty frame for its end. */
  private static void send(InputStream stdin, Frames.Writer agent) {
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = stdin.read(buffer)) > 0) {
        agent.frame(Frames.STDIN, buffer, 0, read);
      }
      agent.frame(Frames.STDIN, buffer, 0, 0);
    } catch (IOException e) {
      // The command ended, or the agent did; the main thread reports which.
    }
  }
}
