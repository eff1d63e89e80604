package dev.kctl.kletd;

import dev.kctl.client.NodeJoin;
import dev.kctl.client.RestClient;
import dev.kctl.kletd.logs.LogServer;
import dev.kctl.kletd.node.NodeAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The node agent's command line: {@code kletd --server URL --token-file FILE [options]}. Joins the
 * cluster with the join token the first time (getting credentials of its own, see {@link JoinedNodes}),
 * registers the node and runs the pods bound to it until stopped.
 * Exit codes: 0 after a clean stop, 1 when it cannot start (bad file, server refused), 2 for bad
 * flags.
 */
@Command(name = "kletd", mixinStandardHelpOptions = true, version = "kletd 0.1.0",
    description = "kctl's node agent: runs the pods bound to this node as processes.")
public final class Kletd implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Kletd.class);
  private static final Pattern CA_HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");
  private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @Spec CommandSpec spec;

  @Option(names = "--server", required = true, paramLabel = "URL",
      description = "The API server, e.g. https://127.0.0.1:6443.")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "The join token file (kctld writes it to its data directory as node-token); needed only"
          + " until the node has joined and keeps its own credentials in the data directory.")
  Path tokenFile;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Pods' logs and process state. Default: $KCTL_HOME/node or ~/.kctl/node.")
  Path dataDir;

  @Option(names = "--node-name", paramLabel = "NAME", description = "The Node's name. Default: the host name.")
  String nodeName;

  @Option(names = "--ca-cert-hash", paramLabel = "sha256:HEX", defaultValue = "",
      description = "Pins the server's CA; default: the hash inside the node token.")
  String caCertHash;

  @Option(names = "--image-dir", paramLabel = "DIR", description = "The image catalog. Default: <data-dir>/images.")
  Path imageDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "The node HTTP endpoint (container logs, exec) that kctld calls; port 0 picks a free port."
          + " Default: the node IP, port 0.")
  String listen;

  @Option(names = "--node-ip", paramLabel = "IP", defaultValue = "",
      description = "The node's InternalIP: pods' IP, where their host ports and the Services' nodePorts are bound,"
          + " and where kctld reaches this node. Default: the local address this machine uses to reach --server"
          + " (127.0.0.1 for a server on this machine).")
  String nodeIp;

  @Option(names = "--host-port-range", paramLabel = "LOW-HIGH", defaultValue = "20000-29999",
      description = "Host ports the API server may assign to this node's pods. Default: ${DEFAULT-VALUE}.")
  String hostPortRange;

  @Option(names = "--simulate", paramLabel = "N", defaultValue = "0",
      description = "Run N simulated nodes (<node-name>-0 ...) that report pods Running without processes.")
  int simulate;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Kletd());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("kletd: " + e.getMessage());
      log.debug("kletd failed to start", e);
      return 1;
    });
    int code = cli.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    KletdConfig config = config();
    List<String> names = config.simulate() == 0
        ? List.of(config.nodeName())
        : IntStream.range(0, config.simulate()).mapToObj(i -> config.nodeName() + "-" + i).toList();
    Map<String, NodeJoin> credentials = JoinedNodes.loadOrJoin(config, names);
    Map<String, RestClient> clients = new LinkedHashMap<>();
    credentials.forEach((name, node) ->
        clients.put(name, RestClient.forNode(config.server(), node.caCertificatePem(), node.token())));
    NodeJoin first = credentials.get(names.getFirst());
    char[] password = UUID.randomUUID().toString().toCharArray();
    NodeAgent agent = new NodeAgent(config, clients.get(names.getFirst()), clients::get, first.kctldToken(),
        Optional.of(new LogServer.Tls(first.servingKeyStore(password), password)), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("kletd stopping; container processes keep running and will be adopted by the next kletd");
      agent.close();
      clients.values().forEach(RestClient::close);
      stopped.countDown();
    }, "kletd-shutdown"));
    agent.start();
    stopped.await();
    return 0;
  }

  /** Checks the flags and fills in defaults; a bad flag is an IllegalArgumentException naming it. */
  KletdConfig config() {
    URI serverUri;
    try {
      serverUri = URI.create(server);
    } catch (IllegalArgumentException e) {
      throw bad("--server must be an http(s) URL such as https://127.0.0.1:6443, got \"" + server + "\"");
    }
    if (!("https".equals(serverUri.getScheme()) || "http".equals(serverUri.getScheme()))
        || serverUri.getHost() == null) {
      throw bad("--server must be an http(s) URL such as https://127.0.0.1:6443, got \"" + server + "\"");
    }
    if (tokenFile != null && !Files.isReadable(tokenFile)) {
      throw bad("--token-file " + tokenFile + " does not exist or cannot be read");
    }
    if (!caCertHash.isEmpty() && !CA_HASH.matcher(caCertHash).matches()) {
      throw bad("--ca-cert-hash must look like sha256:<64 hex digits>, got \"" + caCertHash + "\"");
    }
    Path data = dataDir != null ? dataDir : defaultDataDir();
    String name = nodeName != null ? nodeName : hostname().orElseThrow(
        () -> bad("cannot find this machine's host name; set --node-name"));
    name = name.toLowerCase(Locale.ROOT);
    if (name.length() > 253 || !NODE_NAME.matcher(name).matches()) {
      throw bad("--node-name \"" + name + "\" is not a valid node name (lower-case letters, digits, '-' and '.')");
    }
    KletdConfig.HostPort listenAt = null;
    KletdConfig.PortRange range;
    if (listen != null) {
      try {
        listenAt = KletdConfig.HostPort.parse(listen);
      } catch (IllegalArgumentException e) {
        throw bad("--listen: " + e.getMessage());
      }
    }
    try {
      range = KletdConfig.PortRange.parse(hostPortRange);
    } catch (IllegalArgumentException e) {
      throw bad("--host-port-range: " + e.getMessage());
    }
    if (!nodeIp.isEmpty()) {
      InetAddress ip;
      try {
        ip = InetAddress.ofLiteral(nodeIp);
      } catch (IllegalArgumentException e) {
        throw bad("--node-ip must be an IP address such as 10.0.0.7, got \"" + nodeIp + "\"");
      }
      if (ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
        throw bad("--node-ip " + nodeIp + " is not an address of this machine that others can reach;"
            + " give one of its interfaces' addresses, or leave it out to use the one that reaches --server");
      }
    }
    if (simulate < 0) {
      throw bad("--simulate must be 0 or more, got " + simulate);
    }
    String address;
    try {
      address = nodeIp.isEmpty() ? NodeAddress.toward(serverUri) : nodeIp;
    } catch (IllegalStateException e) {
      throw bad(e.getMessage());
    }
    // The endpoint kctld calls must be where kctld can reach it: the node's address, not every address.
    if (listenAt == null) {
      listenAt = new KletdConfig.HostPort(address, 0);
    }
    return new KletdConfig(serverUri, tokenFile, data, name, caCertHash,
        imageDir != null ? imageDir : data.resolve("images"), listenAt, address, range, simulate);
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static Path defaultDataDir() {
    String home = System.getenv("KCTL_HOME");
    return home != null && !home.isBlank()
        ? Path.of(home, "node")
        : Path.of(System.getProperty("user.home"), ".kctl", "node");
  }

  /** This machine's host name, from /etc/hostname, else the resolver. */
  static Optional<String> hostname() {
    try {
      String name = Files.readString(Path.of("/etc/hostname")).strip();
      if (!name.isEmpty()) {
        return Optional.of(name);
      }
    } catch (java.io.IOException e) {
      // fall back to the resolver
    }
    try {
      return Optional.of(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
