package dev.kctl.cli.agent;

import dev.kctl.cli.ConnectionCache;
import dev.kctl.cli.Kctl;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kctl agent: a warm JVM that runs kctl command lines for {@code bin/kctl}, so that a
 * command costs a small JVM and two named pipes instead of kctl's whole start-up and warm-up. One
 * runs per user and build, its pipes in a folder only that user may enter (see
 * {@link AgentFiles}, {@link Slot}). It ends when idle for {@link #IDLE}, when its build changes
 * on disk, or when its folder is removed or taken over.
 */
public final class Agent {
  static final Duration IDLE = Duration.ofMinutes(30);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  private final AgentFiles files;
  private final AgentLog log = new AgentLog();
  private final ConnectionCache connections = new ConnectionCache();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
  private final CountDownLatch stopped = new CountDownLatch(1);

  Agent(AgentFiles files) {
    this.files = files;
  }

  /** @param args the agent folder, as {@link AgentStarter} passes it */
  public static void main(String[] args) throws InterruptedException {
    Kctl.quietLogging();
    try {
      new Agent(AgentFiles.ofThisJvm(Path.of(args[0]))).serve();
    } catch (IOException e) {
      new AgentLog().say("stopped: " + e.getMessage());
    }
    System.exit(0);
  }

  /** Serves until it is time to end; returns at once when another agent of this build runs. */
  void serve() throws IOException, InterruptedException {
    files.prepareFolder();
    try (FileChannel lockChannel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock()) {
      if (lock == null) {
        return;
      }
      // Holding the lock, this is the only agent of the build: slots left here are those of an
      // agent that was killed.
      Slots.delete(files.slots());
      Files.createDirectory(files.slots());
      Slots slots = new Slots(files.slots(), this::run, log);
      slots.open();
      String pid = AgentFiles.pidLine();
      Files.writeString(files.pidFile(), pid + "\n", StandardCharsets.US_ASCII);
      log.say("serving in " + files.slots() + " for " + files.classPath().getFirst());
      // kill PID (SIGTERM) ends the JVM without returning here: clear the slots on the way out.
      Thread cleanUp = new Thread(() -> removeSlotsIfOurs(pid), "kctl-agent-clean-up");
      Runtime.getRuntime().addShutdownHook(cleanUp);
      ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("kctl-agent-housekeeping").factory());
      housekeeping.scheduleWithFixedDelay(() -> {
        slots.giveUpOnSilentClients();
        endIfDue(pid);
      }, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      try {
        stopped.await();
      } finally {
        housekeeping.shutdownNow();
        slots.close();
        removeSlotsIfOurs(pid);
        Runtime.getRuntime().removeShutdownHook(cleanUp);
        // A client that opened the lock file just now may lock the deleted file and start a
        // second agent; the two then take over each other's folder until one ends, as above.
        Files.deleteIfExists(files.lockFile());
      }
    }
  }

  private void removeSlotsIfOurs(String pid) {
    if (pid.equals(files.agentPid())) {
      Slots.delete(files.slots());
    }
  }

  /** Ends {@link #serve()}: no new commands; those running end with this JVM. */
  void stop() {
    stopped.countDown();
  }

  /** How many commands are running now. */
  int running() {
    return running.get();
  }

  private void run(Frames.Hello hello, java.io.InputStream fromClient, java.io.OutputStream toClient) {
    running.incrementAndGet();
    try {
      new Conversation(log, connections).run(hello, fromClient, toClient);
    } finally {
      lastUsed.set(System.nanoTime());
      running.decrementAndGet();
    }
  }

  /** Stops serving when the agent should end, and says why. */
  private void endIfDue(String pid) {
    String reason = null;
    if (!pid.equals(files.agentPid())) {
      reason = "its folder " + files.slots() + " was removed or taken over";
    } else if (!files.current()) {
      reason = "kctl was rebuilt";
    } else if (running.get() == 0 && System.nanoTime() - lastUsed.get() > IDLE.toNanos()) {
      reason = "idle for " + IDLE.toMinutes() + " minutes";
    }
    if (reason != null) {
      log.say("stopping: " + reason);
      stop();
    }
  }
}
