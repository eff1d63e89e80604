package dev.kctl.server;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.ApiServer;
import dev.kctl.apiserver.ApiService;
import dev.kctl.apiserver.LocalClient;
import dev.kctl.apiserver.LogProxy;
import dev.kctl.apiserver.NodeCredentials;
import dev.kctl.apiserver.WriteOptions;
import dev.kctl.apiserver.kubelet.KubeletAccess;
import dev.kctl.client.KubeConfig;
import dev.kctl.codec.Json;
import dev.kctl.controller.ControllerManager;
import dev.kctl.controller.kubernetesservice.KubernetesServiceController;
import dev.kctl.pki.ClusterPki;
import dev.kctl.pki.ClusterTokens;
import dev.kctl.scheduler.Scheduler;
import dev.kctl.store.RocksStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything kctld runs, wired together: the store, the API server, the controllers and the
 * scheduler. Started by {@link Kctld} and, in the test JVM, by integration tests.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /**
   * @param dataDir where the store, certificates, tokens and kubeconfig live
   * @param listen where the API server listens; port 0 picks a free port
   */
  public record Config(Path dataDir, InetSocketAddress listen) {}

  private final Deque<AutoCloseable> parts;
  private final String url;
  private final Path kubeconfig;
  private final Path nodeTokenFile;

  private ControlPlane(Deque<AutoCloseable> parts, String url, Path kubeconfig, Path nodeTokenFile) {
    this.parts = parts;
    this.url = url;
    this.kubeconfig = kubeconfig;
    this.nodeTokenFile = nodeTokenFile;
  }

  public static ControlPlane start(Config config, InstantSource clock) throws Exception {
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      Path dir = config.dataDir();
      PrivateDirectory.create(dir);
      String host = config.listen().getHostString();
      ClusterPki pki = ClusterPki.loadOrCreate(dir, Stream.concat(ServingNames.of(config.listen()).stream(),
          KubernetesServiceController.SERVING_NAMES.stream()).toList());
      ClusterTokens tokens = ClusterTokens.loadOrCreate(dir, pki.caCertHash());
      RocksStore store = RocksStore.open(dir.resolve("store"));
      parts.push(store);
      ApiService api = new ApiService(store, clock);
      createSystemNamespaces(api);
      LogProxy logs = new LogProxy(api, new KubeletAccess(pki.trustingCa(),
          node -> tokens.kctldTokenFor(NodeCredentials.servingKeyHash(api, node))));
      ApiServer server = ApiServer.start(new ApiServer.Config(config.listen(), pki.servingKeyStore(),
          pki.keyStorePassword(), tokens.adminToken(), tokens.nodeToken(), nodeIssuer(pki, tokens)), api, logs,
          clock);
      parts.push(server);
      String url = "https://" + clientHost(host) + ":" + server.port();
      Path kubeconfig = dir.resolve("admin.kubeconfig");
      KubeConfig.write(kubeconfig, "kctl", url, pki.caCertificatePem(), "admin", tokens.adminToken());
      LocalClient client = new LocalClient(api, logs, clock);
      parts.push(ControllerManager.start(client, clock));
      parts.push(KubernetesServiceController.start(client,
          KubernetesServiceController.ApiServerAddress.forListenHost(host, server.port())));
      parts.push(Scheduler.start(client, clock));
      return new ControlPlane(parts, url, kubeconfig, dir.resolve("node-token"));
    } catch (Exception | Error e) {
      closeAll(parts);
      throw e;
    }
  }

  /** The URL clients use; for a wildcard listen address, the loopback one. */
  public String url() {
    return url;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path nodeTokenFile() {
    return nodeTokenFile;
  }

  private static ApiServer.NodeIssuer nodeIssuer(ClusterPki pki, ClusterTokens tokens) {
    return new ApiServer.NodeIssuer() {
      @Override
      public String issueServing(String nodeName, String csrPem, List<String> addresses) {
        return pki.issueNodeServing(nodeName, csrPem, addresses);
      }

      @Override
      public String caCertificatePem() {
        return pki.caCertificatePem();
      }

      @Override
      public String kctldToken(String servingKeyHash) {
        return tokens.kctldTokenFor(servingKeyHash);
      }
    };
  }

  private static String clientHost(String listenHost) {
    if (listenHost.equals("0.0.0.0") || listenHost.equals("::") || listenHost.isEmpty()) {
      return "127.0.0.1";
    }
    return listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
  }

  private static void createSystemNamespaces(ApiService api) {
    for (String name : SYSTEM_NAMESPACES) {
      ObjectNode namespace = Json.object();
      namespace.put("apiVersion", "v1");
      namespace.put("kind", "Namespace");
      namespace.putObject("metadata").put("name", name);
      try {
        api.create(ResourceTypes.NAMESPACES, null, namespace, WriteOptions.DEFAULT);
        log.info("created namespace {}", name);
      } catch (ApiException e) {
        if (e.reason() != StatusReason.AlreadyExists) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    closeAll(parts);
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Creates the data folder readable by its owner only: it holds keys and tokens. */
  static final class PrivateDirectory {
    private PrivateDirectory() {}

    static void create(Path dir) throws IOException {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without POSIX permissions: nothing more we can do
      }
    }
  }
}
