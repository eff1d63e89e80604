package dev.kctl.kletd.exec;

import dev.kctl.client.Programs;
import dev.kctl.codec.Json;
import dev.kctl.kletd.probe.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code kubectl exec}: runs the command as a new process with the container's environment
 * and working directory (inside its mount namespace when it has one), in a process group of its
 * own, relays stdin from the client and stdout/stderr to it, then sends the exit status and
 * closes. With tty=true the command runs on a pseudo-terminal ({@link Terminal}), stderr joined
 * to stdout, and the client's resize messages set its window size; a node without util-linux's
 * {@code script} runs it on pipes instead. Public because Jetty instantiates
 * WebSocket endpoints reflectively.
 */
public final class ExecSession implements Session.Listener.AutoDemanding {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  /** How long a tty session waits for kubectl's first window size before it starts anyway. */
  private static final Duration FIRST_SIZE_WAIT = Duration.ofSeconds(1);

  private final String what;
  private final Optional<Target> target;
  private final List<String> command;
  private final boolean stdin;
  private final boolean tty;
  /** The pseudo-terminal of a tty session; empty without tty, or where the node cannot make one. */
  private final Optional<Terminal> terminal;
  private final ReentrantLock sending = new ReentrantLock();
  private volatile Session session;
  private volatile Process process;
  /** The first window size of a tty session, or empty when none came in time. */
  private final CompletableFuture<Optional<Terminal.Size>> firstSize = new CompletableFuture<>();
  /** Stdin that came before the command started, and whether it already ended; guarded by this. */
  private final ByteArrayOutputStream early = new ByteArrayOutputStream();
  private boolean earlyEnd;

  /**
   * @param what names the container, for messages
   * @param target the container; empty when it is not running here
   */
  ExecSession(String what, Optional<Target> target, List<String> command, boolean stdin, boolean tty) {
    this.what = what;
    this.target = target;
    this.command = List.copyOf(command);
    this.stdin = stdin;
    this.tty = tty;
    this.terminal = tty ? Terminal.onThisNode() : Optional.empty();
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    if (target.isEmpty()) {
      finish(Channels.failure("container not found or not running: " + what));
      return;
    }
    if (command.isEmpty()) {
      finish(Channels.failure("no command given to run in " + what + ": add it after --"));
      return;
    }
    Optional<String> missing = missingProgram(target.get());
    if (missing.isPresent()) {
      finish(Channels.failure("error executing command in container: " + missing.get()));
      return;
    }
    if (terminal.isPresent()) {
      // kubectl sends its window size right after connecting: start on a pty of that size.
      firstSize.completeOnTimeout(Optional.empty(), FIRST_SIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
          .thenAccept(size -> Thread.ofVirtual().start(() -> start(size)));
    } else {
      start(Optional.empty());
    }
  }

  private void start(Optional<Terminal.Size> size) {
    Process started;
    try {
      started = builder(target.orElseThrow(), size).start();
    } catch (IOException e) {
      finish(Channels.failure("error executing command in container " + what + ": " + e.getMessage()));
      return;
    }
    log.info("exec in {}: started {} (pid {})", what, command, started.pid());
    synchronized (this) {
      process = started;
      try {
        started.getOutputStream().write(early.toByteArray());
        started.getOutputStream().flush();
      } catch (IOException e) {
        log.debug("exec in {}: the command no longer reads its stdin: {}", what, e.getMessage());
      }
      if (!stdin || earlyEnd) {
        closeStdin();
      }
    }
    Thread.ofVirtual().start(() -> relay(started));
  }

  private ProcessBuilder builder(Target container, Optional<Terminal.Size> size) {
    List<String> argv = container.commandLine(command);
    List<String> session = new ArrayList<>();
    Programs.find("setsid").ifPresent(p -> session.add(p.toString()));
    session.addAll(terminal.isPresent() ? terminal.get().wrap(argv, size) : argv);
    return container.configure(new ProcessBuilder(session)).redirectErrorStream(tty);
  }

  private void relay(Process running) {
    Thread out = Thread.ofVirtual().start(() -> pump(running.getInputStream(), Channels.STDOUT));
    Thread err = tty ? null : Thread.ofVirtual().start(() -> pump(running.getErrorStream(), Channels.STDERR));
    try {
      int code = running.waitFor();
      out.join();
      if (err != null) {
        err.join();
      }
      log.info("exec in {}: {} exited with code {}", what, command, code);
      finish(Channels.exitStatus(command, code));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  private void pump(InputStream in, byte stream) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (n > 0) {
          send(Channels.frame(stream, buffer, n));
        }
      }
    } catch (IOException e) {
      log.debug("exec in {}: output stream {} ended: {}", what, stream, e.getMessage());
    }
  }

  private void finish(ObjectNode status) {
    send(Channels.statusFrame(status));
    session.close(StatusCode.NORMAL, "", Callback.NOOP);
  }

  /** Sends one message and waits for it: messages of all streams leave one at a time, in order. */
  private void send(ByteBuffer message) {
    sending.lock();
    try {
      Callback.Completable sent = new Callback.Completable();
      session.sendBinary(message, sent);
      sent.exceptionally(failure -> null).join();
    } finally {
      sending.unlock();
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    if (payload.hasRemaining() && beforeStart(payload)) {
      callback.succeed();
      return;
    }
    Process running = process;
    if (payload.hasRemaining() && running != null) {
      byte stream = payload.get();
      if (stream == Channels.STDIN && stdin) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        try {
          OutputStream in = running.getOutputStream();
          in.write(data);
          in.flush();
        } catch (IOException e) {
          log.debug("exec in {}: the command no longer reads its stdin: {}", what, e.getMessage());
        }
      } else if (stream == Channels.CLOSE && payload.hasRemaining() && payload.get() == Channels.STDIN) {
        closeStdin();
      } else if (stream == Channels.RESIZE && terminal.isPresent()) {
        resize(payload);
      }
    }
    callback.succeed();
  }

  /**
   * Takes a message that arrives before the command started (a tty session waits for the window
   * size): stdin is kept for the command, the first size starts it. False once it runs.
   */
  private synchronized boolean beforeStart(ByteBuffer payload) {
    if (process != null) {
      return false;
    }
    ByteBuffer message = payload.duplicate();
    byte stream = message.get();
    if (stream == Channels.STDIN && stdin) {
      byte[] data = new byte[message.remaining()];
      message.get(data);
      early.writeBytes(data);
    } else if (stream == Channels.CLOSE && message.hasRemaining() && message.get() == Channels.STDIN) {
      earlyEnd = true;
    } else if (stream == Channels.RESIZE) {
      size(message).ifPresent(size -> firstSize.complete(Optional.of(size)));
    }
    return true;
  }

  /** A resize message, {@code {"Width":80,"Height":24}}, applied off the WebSocket's thread. */
  private void resize(ByteBuffer payload) {
    Process running = process;
    size(payload).ifPresent(size ->
        Thread.ofVirtual().start(() -> terminal.orElseThrow().resize(running, size.columns(), size.rows())));
  }

  private static Optional<Terminal.Size> size(ByteBuffer payload) {
    byte[] json = new byte[payload.remaining()];
    payload.get(json);
    JsonNode size = Json.parse(json);
    int columns = size.path("Width").asInt(0);
    int rows = size.path("Height").asInt(0);
    return columns > 0 && rows > 0 ? Optional.of(new Terminal.Size(columns, rows)) : Optional.empty();
  }

  private void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("exec in {}: closing stdin failed: {}", what, e.getMessage());
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    kill();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    kill();
  }

  /** Ends a command whose client went away, with everything it started. */
  private void kill() {
    Process running = process;
    if (running != null && running.isAlive()) {
      log.info("exec in {}: the client went away; killing {} (pid {})", what, command, running.pid());
      running.descendants().forEach(ProcessHandle::destroyForcibly);
      running.destroyForcibly();
    }
  }

  /**
   * Why the program cannot be run, as the kubelet says it; empty when it can. In a container with a
   * mount namespace of its own (its volumes, its hosts file) the program is looked up through
   * {@code /proc/<pid>/root}, which shows the files as the container's process sees them.
   */
  private Optional<String> missingProgram(Target container) {
    Path root = container.nsenter().isPresent() && container.pid() > 0
        ? Path.of("/proc", Long.toString(container.pid()), "root")
        : Path.of("/");
    Optional<Path> program = container.program(command.getFirst(), root);
    return program.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).isPresent() ? Optional.empty()
        : Optional.of("exec: \"" + command.getFirst() + "\": executable file not found in $PATH");
  }
}
