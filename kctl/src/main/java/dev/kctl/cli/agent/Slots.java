package dev.kctl.cli.agent;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The agent's side of the {@link Slot}s: keeps {@link #READY} free slots open, each waited on by
 * a thread of its own, and hands each command that arrives to {@link Handler}, opening a new slot
 * in its place.
 */
final class Slots {
  static final int READY = 3;
  /** A slot taken by a client that then said nothing is given up after this. */
  private static final Duration SILENT_CLIENT = Duration.ofSeconds(30);

  /** Runs one command for one client. */
  @FunctionalInterface
  interface Handler {
    /** @param fromClient ends when the client closes its end or dies */
    void handle(Frames.Hello hello, InputStream fromClient, OutputStream toClient);
  }

  private final Path folder;
  private final Handler handler;
  private final AgentLog log;
  private final AtomicLong sequence = new AtomicLong();
  /** The free slots, with the channel their thread waits on, for giving up on silent clients. */
  private final Map<Slot, FileChannel> waiting = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Slots(Path folder, Handler handler, AgentLog log) {
    this.folder = folder;
    this.handler = handler;
    this.log = log;
  }

  /** Opens the first free slots; clients can come once this returns. */
  void open() throws IOException {
    for (int i = 0; i < READY; i++) {
      openSlot();
    }
  }

  /**
   * Makes a slot under a name clients ignore and opens its pipes, then gives it the name they
   * look for: a client never takes a slot whose pipes are not there yet.
   */
  private void openSlot() throws IOException {
    long number = sequence.incrementAndGet();
    Path making = Files.createDirectory(folder.resolve(".new-" + number));
    Fifos.make(making.resolve("in"));
    Fifos.make(making.resolve("out"));
    FileChannel in = FileChannel.open(making.resolve("in"), StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileChannel out = FileChannel.open(making.resolve("out"), StandardOpenOption.READ, StandardOpenOption.WRITE);
    Slot slot = new Slot(Files.move(making, folder.resolve("slot-" + number), StandardCopyOption.ATOMIC_MOVE));
    waiting.put(slot, in);
    Thread.ofPlatform().daemon().name("kctl-agent-" + slot.folder().getFileName()).start(() -> await(slot, in, out));
  }

  private void await(Slot slot, FileChannel inBothWays, FileChannel out) {
    try (out) {
      Frames.Hello hello;
      FileChannel in;
      try (inBothWays) {
        hello = Frames.Hello.read(new DataInputStream(Channels.newInputStream(inBothWays)));
        // Opened before the two-way channel closes, so it never waits for a writer: the client
        // may already have gone.
        in = FileChannel.open(slot.in(), StandardOpenOption.READ);
      } finally {
        waiting.remove(slot);
        replace();
      }
      try (in) {
        handler.handle(hello, Channels.newInputStream(in), Channels.newOutputStream(out));
      }
    } catch (IOException e) {
      // A client that went away, or a slot given up on: the slot is done either way.
    } finally {
      retire(slot);
    }
  }

  /**
   * Takes a used slot out of clients' sight before deleting it. Deleting in place would remove
   * its {@code taken} first, and a client could take the half-deleted slot and wait on pipes
   * that nobody serves.
   */
  private void retire(Slot slot) {
    Path retired = folder.resolve(".done-" + slot.folder().getFileName());
    try {
      Files.move(slot.folder(), retired, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return;
    }
    delete(retired);
  }

  private void replace() {
    if (closed) {
      return;
    }
    try {
      openSlot();
    } catch (IOException e) {
      log.say("cannot open a new slot in " + folder + ": " + e.getMessage());
    }
  }

  /** Gives up on slots that a client took and then said nothing into (it died in between). */
  void giveUpOnSilentClients() {
    long now = System.currentTimeMillis();
    waiting.forEach((slot, channel) -> {
      try {
        if (now - Files.getLastModifiedTime(slot.taken()).toMillis() > SILENT_CLIENT.toMillis()) {
          channel.close();
        }
      } catch (IOException notTaken) {
        // Still free.
      }
    });
  }

  /** Stops opening slots; the free ones end, those in use end with their command. */
  void close() {
    closed = true;
    waiting.values().forEach(channel -> {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing is what ends the waiting thread; it is closed either way.
      }
    });
  }

  /** Deletes {@code folder} and what is in it, as far as it is still there. */
  static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // Gone already, or going: another process (the agent itself, as it stops) deletes it too.
    }
  }
}
