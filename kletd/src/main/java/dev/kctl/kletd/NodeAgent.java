package dev.kctl.kletd;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.image.ImageCatalog;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.logs.ContainerLog;
import dev.kctl.kletd.logs.LogServer;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.node.HostInfo;
import dev.kctl.kletd.node.NodeHeartbeat;
import dev.kctl.kletd.node.NodeLease;
import dev.kctl.kletd.node.NodeRegistration;
import dev.kctl.kletd.pods.PodManager;
import dev.kctl.kletd.portforward.PortForwardSource;
import dev.kctl.kletd.proxy.ServiceProxy;
import dev.kctl.kletd.pods.PodSettings;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Isolation;
import dev.kctl.kletd.runtime.ProcessRuntime;
import dev.kctl.kletd.runtime.Scheduler;
import dev.kctl.kletd.runtime.SimulatedRuntime;
import dev.kctl.kletd.stats.StatsCollector;
import dev.kctl.kletd.stats.SummaryHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running kletd: serves the node HTTP endpoint, registers its Node (or, with
 * {@code simulate > 0}, that many simulated Nodes), heartbeats (its Lease every 10 s, its status
 * every 60 s, see {@link NodeHeartbeat}), and runs the pods bound
 * to it from a watch on {@code spec.nodeName}. {@link #close()} stops kletd only: container
 * processes keep running, for the next kletd to adopt.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  private final KletdConfig config;
  private final Client client;
  private final Function<String, Client> clients;
  private final String token;
  private final Optional<LogServer.Tls> tls;
  private final InstantSource clock;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kletd-timers");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Informer> informers = new ArrayList<>();
  private final List<PodManager> managers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<ServiceProxy> proxies = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The usage collectors of this agent's nodes, by node name, for {@code /stats/summary}. */
  private final Map<String, StatsCollector> collectors = new java.util.concurrent.ConcurrentHashMap<>();
  private LogServer logServer;
  private volatile boolean closed;

  /**
   * @param client a client authenticated as this node
   * @param token the node token, which kctld presents to the node HTTP endpoint
   */
  public NodeAgent(KletdConfig config, Client client, String token, InstantSource clock) {
    this(config, client, name -> client, token, Optional.empty(), clock);
  }

  /**
   * An agent whose nodes each act with credentials of their own (see {@code NodeJoin}).
   *
   * @param client a client of one of this agent's nodes, for what is not any one node's (reads)
   * @param clients the client authenticated as the node of the given name
   * @param token the token kctld presents to the node HTTP endpoint
   * @param tls the serving identity of that endpoint; empty to serve plain HTTP
   */
  public NodeAgent(KletdConfig config, Client client, Function<String, Client> clients, String token,
      Optional<LogServer.Tls> tls, InstantSource clock) {
    this.config = config;
    this.client = client;
    this.clients = clients;
    this.token = token;
    this.tls = tls;
    this.clock = clock;
  }

  /** Starts serving, registers the node(s) and starts watching their pods. */
  public void start() throws Exception {
    Files.createDirectories(config.dataDir());
    Scheduler scheduler = Scheduler.of(timers);
    InetSocketAddress listen = new InetSocketAddress(config.listen().host(), config.listen().port());
    PortForwardSource forwards = PortForwardSource.fromApi(client, config.address());
    List<Handler> more = List.of(new SummaryHandler(token, collectors));
    logServer = tls.isPresent()
        ? new LogServer(listen, token, this::findLog, this::findExecTarget, forwards, more, tls.get())
        : new LogServer(listen, token, this::findLog, this::findExecTarget, forwards, more);
    logServer.start();
    HostInfo host = HostInfo.read(Path.of("/"));
    if (config.simulate() == 0) {
      Isolation isolation = Isolation.detect();
      isolation.mountsUnsupported().ifPresentOrElse(
          why -> log.warn("kletd: volumes will not appear at their mountPath: {}", why),
          () -> log.info("kletd: containers get private mount namespaces for their volumes"));
      isolation.cgroups().unavailable().ifPresentOrElse(
          why -> log.warn("kletd: resource limits will not be enforced: {}", why),
          () -> log.info("kletd: resource limits are enforced with {}", isolation.cgroups()));
      runNode(config.nodeName(), config.dataDir().resolve("pods"), new ImageCatalog(config.imageDir()),
          new ProcessRuntime(clock, scheduler, isolation), true, host, scheduler);
    } else {
      ContainerRuntime simulated = new SimulatedRuntime(clock);
      ImageResolver anyImage = reference -> new Image(reference, "simulated://" + reference, List.of("simulated"),
          List.of(), Map.of(), config.dataDir());
      for (int i = 0; i < config.simulate(); i++) {
        String name = config.nodeName() + "-" + i;
        runNode(name, config.dataDir().resolve("simulated").resolve(name), anyImage, simulated, false, host,
            scheduler);
      }
    }
  }

  /** The node HTTP endpoint's port. */
  public int port() {
    return logServer.port();
  }

  private void runNode(String name, Path podsDir, ImageResolver images, ContainerRuntime runtime,
      boolean checkHostPorts, HostInfo host, Scheduler scheduler) throws IOException {
    Files.createDirectories(podsDir);
    // Each node writes with its own credentials: kctld lets a node change only its own objects.
    Client client = clients.apply(name);
    NodeRegistration node = new NodeRegistration(client, new NodeRegistration.Identity(name, hostname(name),
        config.address(), logServer.port(), config.hostPortRange().toString()), host, clock);
    node.register();
    log.info("node {} registered at {} with InternalIP {}; serving logs and exec on {}:{}", name, config.server(),
        config.address(), logServer.host(), logServer.port());
    NodeHeartbeat heartbeat = new NodeHeartbeat(node, new NodeLease(client, name, clock), clock);
    long every = NodeHeartbeat.LEASE_INTERVAL.toSeconds();
    timers.scheduleWithFixedDelay(() -> {
      try {
        heartbeat.tick();
      } catch (RuntimeException e) {
        log.warn("node {}: heartbeat to {} failed, retrying in {}s: {}", name, config.server(), every,
            e.getMessage());
      }
    }, every, every, TimeUnit.SECONDS);
    // One machine, one proxy: simulated nodes share the address, so only a real node runs it.
    Optional<ServiceProxy> serviceProxy = Optional.empty();
    if (config.simulate() == 0) {
      Informer serviceInformer = new Informer(client, ResourceTypes.SERVICES, null, ListOptions.NONE);
      Informer endpointsInformer = new Informer(client, ResourceTypes.ENDPOINTS, null, ListOptions.NONE);
      ServiceProxy proxy = new ServiceProxy(serviceInformer, endpointsInformer,
          new EventRecorder(client, "kube-proxy", name, clock), config.address());
      proxies.add(proxy);
      informers.add(serviceInformer);
      informers.add(endpointsInformer);
      serviceInformer.start();
      endpointsInformer.start();
      serviceProxy = Optional.of(proxy);
    }
    PodManager pods = new PodManager(new PodSettings(name, config.address(), podsDir,
        System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"), host.cpus() * 1000L,
        host.memoryKi() * 1024),
        client, serviceProxy, images, runtime, checkHostPorts, clock, scheduler, workers);
    managers.add(pods);
    collectStats(name, pods);
    if (config.simulate() == 0) {
      // Volumes follow their ConfigMaps and Secrets, as the kubelet's watch-based managers do.
      for (var type : List.of(ResourceTypes.CONFIGMAPS, ResourceTypes.SECRETS)) {
        Informer sources = new Informer(client, type, null, ListOptions.NONE);
        sources.addHandler(pods.sourceHandler(type));
        informers.add(sources);
        sources.start();
      }
    }
    Informer informer = new Informer(client, ResourceTypes.PODS, null,
        ListOptions.NONE.withFieldSelector("spec.nodeName=" + name));
    informer.addHandler(pods);
    informers.add(informer);
    informer.start();
    Thread.ofVirtual().name("kletd-orphans-" + name).start(() -> {
      try {
        // The Informer offers no sync callback; its first list takes a round trip or two.
        while (!informer.hasSynced() && !closed) {
          Thread.sleep(100);
        }
        if (!closed) {
          pods.removeOrphans();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Samples the usage of the node and its pods every {@link StatsCollector#INTERVAL}, from now on. */
  private void collectStats(String name, PodManager pods) {
    StatsCollector stats = config.simulate() == 0
        ? StatsCollector.real(name, Path.of("/proc"), pods::running, clock)
        : StatsCollector.simulated(name, pods::running, clock);
    collectors.put(name, stats);
    timers.scheduleWithFixedDelay(() -> {
      try {
        stats.sample();
      } catch (RuntimeException e) {
        log.warn("node {}: cannot measure its usage; kubectl top will show none until it can: {}", name, e.toString());
      }
    }, 0, StatsCollector.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String hostname(String nodeName) {
    return config.simulate() == 0 ? Kletd.hostname().orElse(nodeName) : nodeName;
  }

  @Override
  public void close() {
    closed = true;
    informers.forEach(Informer::close);
    proxies.forEach(ServiceProxy::close);
    if (logServer != null) {
      logServer.close();
    }
    timers.shutdownNow();
    workers.shutdown();
  }

  /** Where a command run in a container of any of this agent's nodes acts. */
  Optional<Target> findExecTarget(String namespace, String pod, String container) {
    return managers.stream().map(m -> m.execTarget(namespace, pod, container)).flatMap(Optional::stream).findFirst();
  }

  /** The logs of a container of any of this agent's nodes. */
  Optional<ContainerLog> findLog(String namespace, String pod, String container) {
    return managers.stream().map(m -> m.find(namespace, pod, container)).flatMap(Optional::stream).findFirst();
  }
}
