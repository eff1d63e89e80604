package dev.kctl.cli.agent;

import dev.kctl.cli.CommandWords;
import dev.kctl.cli.ConnectionCache;
import dev.kctl.cli.Environment;
import dev.kctl.cli.Kctl;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One command line run by the agent for one client: runs it with the client's arguments,
 * environment and working directory, streams its output back, and cancels it when the client
 * goes away (Ctrl-C on {@code kctl get -w}).
 */
final class Conversation {
  private final AgentLog log;
  private final ConnectionCache connections;

  Conversation(AgentLog log, ConnectionCache connections) {
    this.log = log;
    this.connections = connections;
  }

  void run(Frames.Hello hello, InputStream fromClient, OutputStream toClient) {
    Frames.Writer client = new Frames.Writer(toClient);
    RequestedInput stdin = new RequestedInput(client);
    Environment environment = new Environment(hello.environment(), Path.of(hello.workingDirectory()));
    AtomicBoolean finished = new AtomicBoolean();
    try (Kctl kctl = new Kctl(stdin, environment, connections)) {
      Thread command = Thread.currentThread();
      Thread.ofVirtual().name("kctl-agent-input").start(() -> {
        listen(new DataInputStream(fromClient), stdin);
        if (finished.compareAndSet(false, true)) {
          // The verb only: the rest of a command line may hold a token.
          log.say("the client of a `kctl " + CommandWords.verb(hello.args().toArray(String[]::new))
              + "` went away; cancelled the command");
          kctl.cancel();
          command.interrupt();
        }
      });
      int code = kctl.execute(hello.args().toArray(String[]::new), writer(client, Frames.STDOUT),
          writer(client, Frames.STDERR));
      if (finished.compareAndSet(false, true)) {
        client.exit(code);
      }
    } catch (IOException e) {
      // The client went away as the command ended: there is nobody left to tell.
    }
  }

  /** Passes the client's stdin on until the client hangs up, which it does after the exit code, or on Ctrl-C. */
  private static void listen(DataInputStream in, RequestedInput stdin) {
    try {
      while (true) {
        Frames.Frame frame = Frames.Frame.read(in);
        if (frame.type() == Frames.STDIN) {
          stdin.received(frame.payload());
        }
      }
    } catch (IOException e) {
      stdin.end();
    }
  }

  private static PrintWriter writer(Frames.Writer client, byte type) {
    return new PrintWriter(new OutputStreamWriter(client.stream(type), StandardCharsets.UTF_8), true);
  }
}
