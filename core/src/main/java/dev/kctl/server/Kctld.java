package dev.kctl.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** kctld: the control plane in one process. See {@code bin/kctld --help}. */
@Command(name = "kctld", mixinStandardHelpOptions = true, version = "kctld 0.1.0",
    description = "Runs the kctl control plane: API server, store, controllers and scheduler.")
public final class Kctld implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Kctld.class);

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "State folder (store, certificates, tokens, kubeconfig). Default: $KCTL_HOME/server or ~/.kctl/server.")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6443",
      description = "Address of the API server; port 0 picks a free port. Default: ${DEFAULT-VALUE}.")
  String listen;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Kctld());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("kctld: " + explain(e));
      if (Boolean.getBoolean("kctld.stackTraces")) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    System.exit(cli.execute(args));
  }

  /** What went wrong at start-up, and what to do, without a stack trace. */
  static String explain(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return "cannot listen on the --listen address: " + t.getMessage()
            + ". Is another kctld running (bin/down stops the one bin/up started)? Or choose a free port, e.g. --listen 127.0.0.1:0.";
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir, address(listen)), InstantSource.system());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping kctld");
      plane.close();
      stopped.countDown();
    }, "kctld-shutdown"));
    log.info("kctld serving on {}; kubeconfig {}; node token {}", plane.url(), plane.kubeconfig(), plane.nodeTokenFile());
    InetAddress bound = address(listen).getAddress();
    if (bound == null || !bound.isLoopbackAddress()) {
      // For a wildcard address the kubeconfig names loopback; other machines need a real address.
      String server = bound != null && bound.isAnyLocalAddress()
          ? plane.url().replace("127.0.0.1", "<this machine's address>")
          : plane.url();
      log.info("kctld is reachable from other machines; a node there joins with a copy of {}:"
          + " bin/kletd --server {} --token-file <the copy>", plane.nodeTokenFile(), server);
    }
    stopped.await();
    return 0;
  }

  private static Path defaultDataDir() {
    String home = System.getenv("KCTL_HOME");
    return home != null && !home.isEmpty()
        ? Path.of(home, "server")
        : Path.of(System.getProperty("user.home"), ".kctl", "server");
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.ParameterException(new CommandLine(new Kctld()),
          "--listen " + hostPort + " is not HOST:PORT (for example 127.0.0.1:6443)");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new Kctld()),
          "--listen " + hostPort + " has no valid port (0-65535)");
    }
  }
}
