package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small network of "machines" on this one: Linux network namespaces, each with its own loopback
 * and one veth link to a bridge in the root namespace, on a private /24 of 10.213.0.0/16. The
 * bridge holds the subnet's {@code .254}, so the test JVM reaches every member; member {@code i}
 * (from 0) has {@code .(i+1)}. Names carry a random suffix and the subnet is one no local address
 * uses yet, so parallel runs do not collide.
 *
 * <p>{@link #close()} kills every process left in the namespaces (daemons, and the pods they
 * started, however they detached), then deletes the namespaces, the veths and the bridge. It runs
 * on JVM exit too, when a test is interrupted before it could clean up. Needs root and iproute2:
 * {@link #unavailable()} says why they cannot be made here.
 */
final class NetworkNamespaces implements AutoCloseable {
  private static final Path ROOT_DIR = Path.of("/");

  /** One namespace: its name, its address on the bridge, and how to run a command inside it. */
  record Member(String name, String address) {
    /**
     * The command line prefix that runs the rest of the line in this namespace, replacing itself
     * (no child left behind). nsenter keeps the caller's mounts, so /sys/fs/cgroup stays visible
     * to kletd; {@code ip netns exec} would mount a fresh /sys without the cgroup hierarchies.
     */
    List<String> prefix() {
      return NSENTER.isPresent()
          ? List.of(NSENTER.get(), "--net=/run/netns/" + name, "--")
          : List.of(IP, "netns", "exec", name);
    }
  }

  private static final String IP = executable("ip").orElse("ip");
  private static final Optional<String> NSENTER = executable("nsenter");

  private final String bridge;
  private final String subnet;
  private final List<Member> members;
  private final List<String> veths;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread onExit;

  private NetworkNamespaces(String bridge, String subnet, List<Member> members, List<String> veths) {
    this.bridge = bridge;
    this.subnet = subnet;
    this.members = List.copyOf(members);
    this.veths = List.copyOf(veths);
    this.onExit = new Thread(this::tearDown, "netns-cleanup-" + bridge);
  }

  /** Why network namespaces cannot be made on this machine, or empty when they can. */
  static Optional<String> unavailable() {
    if (executable("ip").isEmpty()) {
      return Optional.of("no `ip` command (iproute2) on the PATH or in /usr/sbin, /sbin");
    }
    String probe = "kctl-probe-" + suffix();
    Commands.Result added = ip("netns", "add", probe);
    if (added.exitCode() != 0) {
      return Optional.of("`ip netns add` failed (root and network namespaces are needed): " + added.stderr().strip());
    }
    ip("netns", "del", probe);
    return Optional.empty();
  }

  /** Makes {@code count} namespaces joined by a fresh bridge; undoes what it made if a step fails. */
  static NetworkNamespaces create(int count) {
    String suffix = suffix();
    String subnet = freeSubnet();
    String bridge = "kb" + suffix;
    List<Member> members = new ArrayList<>();
    List<String> veths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(new Member("kctl-" + suffix + "-" + (i + 1), subnet + "." + (i + 1)));
      veths.add("kv" + suffix + (i + 1));
    }
    NetworkNamespaces net = new NetworkNamespaces(bridge, subnet, members, veths);
    Runtime.getRuntime().addShutdownHook(net.onExit);
    try {
      must("link", "add", bridge, "type", "bridge");
      must("addr", "add", subnet + ".254/24", "dev", bridge);
      must("link", "set", bridge, "up");
      for (int i = 0; i < count; i++) {
        Member m = members.get(i);
        must("netns", "add", m.name());
        must("link", "add", veths.get(i), "type", "veth", "peer", "name", "eth0", "netns", m.name());
        must("link", "set", veths.get(i), "master", bridge, "up");
        must("-n", m.name(), "addr", "add", m.address() + "/24", "dev", "eth0");
        must("-n", m.name(), "link", "set", "eth0", "up");
        must("-n", m.name(), "link", "set", "lo", "up");
      }
      return net;
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  Member member(int index) {
    return members.get(index);
  }

  /** The root namespace's address on the bridge. */
  String bridgeAddress() {
    return subnet + ".254";
  }

  @Override
  public void close() {
    tearDown();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: tearDown is idempotent
    }
  }

  private void tearDown() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Member m : members) {
      killAll(m);
    }
    for (Member m : members) {
      ip("netns", "del", m.name());
    }
    // Deleting a namespace removes its veth end, and with it the peer; this catches a half-made link.
    for (String veth : veths) {
      if (Files.exists(Path.of("/sys/class/net", veth))) {
        ip("link", "del", veth);
      }
    }
    ip("link", "del", bridge);
  }

  /** Kills every process in the namespace and waits until none is left. */
  private static void killAll(Member m) {
    if (!Files.exists(Path.of("/run/netns", m.name()))) {
      return;
    }
    Processes.stop(pids(m).stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList());
    await("processes in network namespace " + m.name() + " gone").atMost(ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          List<Long> pids = pids(m);
          pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
          return pids.isEmpty();
        });
  }

  private static List<Long> pids(Member m) {
    Commands.Result listed = ip("netns", "pids", m.name());
    return listed.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
  }

  /** A third octet no address or route of the root namespace uses yet. */
  private static String freeSubnet() {
    String used = ip("-o", "addr").stdout() + ip("route").stdout();
    List<Integer> octets = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      octets.add(i);
    }
    Collections.shuffle(octets);
    for (int octet : octets) {
      String subnet = "10.213." + octet;
      if (!used.contains(subnet + ".")) {
        return subnet;
      }
    }
    throw new IllegalStateException("every 10.213.x.0/24 is in use on this machine");
  }

  private static String suffix() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
  }

  private static void must(String... args) {
    Commands.Result result = ip(args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("ip " + String.join(" ", args) + " failed: " + result.stderr().strip());
    }
  }

  private static Commands.Result ip(String... args) {
    List<String> command = new ArrayList<>();
    command.add(IP);
    command.addAll(List.of(args));
    try {
      return Commands.run(ROOT_DIR, command, null);
    } catch (IOException e) {
      return new Commands.Result(127, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Commands.Result(130, "", "interrupted");
    }
  }

  /** An executable on the PATH, or in the system folders a non-login PATH may leave out. */
  private static Optional<String> executable(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
        .filter(Files::isExecutable).map(Path::toString).findFirst();
  }
}
