package dev.kctl.apiserver;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The HTTPS front of kctld: Jetty on virtual threads, serving {@link HttpApi} with the cluster's
 * serving certificate. Listens only where told (kctld defaults to loopback).
 */
public final class ApiServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  /**
   * The listening part of the API server.
   *
   * @param listen host and port; port 0 picks a free one (see {@link #port()})
   * @param keyStore the serving certificate's key entry, its chain ending with the CA
   * @param adminToken the bearer token of the admin kubeconfig
   * @param nodeToken the bearer token nodes join with
   * @param nodes issues per-node credentials to joining nodes
   */
  public record Config(InetSocketAddress listen, KeyStore keyStore, char[] keyStorePassword,
      String adminToken, String nodeToken, NodeIssuer nodes) {}

  /** What kctld hands a joining node, besides its token: see {@link NodeCredentials}. */
  public interface NodeIssuer {
    /**
     * A serving certificate (PEM) for the key of {@code csrPem}, valid for the node's IP addresses.
     *
     * @throws IllegalArgumentException for a request or address that cannot be signed
     */
    String issueServing(String nodeName, String csrPem, List<String> addresses);

    /** The cluster CA's certificate, PEM. */
    String caCertificatePem();

    /** The bearer token kctld presents to a node endpoint serving with a key of this hash. */
    String kctldToken(String servingKeyHash);
  }

  private ApiServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts serving; returns once the port is bound. */
  public static ApiServer start(Config config, ApiService api, LogProxy logs, InstantSource clock) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("apiserver");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);

    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(config.keyStore());
    tls.setKeyStorePassword(new String(config.keyStorePassword()));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // clients reach us by IP as often as by name
    http.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(config.listen().getHostString());
    connector.setPort(config.listen().getPort());
    server.addConnector(connector);
    // A watch is quiet as long as nothing changes: WebSocket watches must not time out for that.
    WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(server,
        container -> container.setIdleTimeout(java.time.Duration.ofHours(1)));
    NodeCredentials nodes = new NodeCredentials(api, config.nodes()::issueServing,
        config.nodes().caCertificatePem(), config.nodes()::kctldToken);
    websockets.setHandler(new HttpApi(api, logs, tokens(config, nodes), nodes, clock,
        websockets.getServerWebSocketContainer()));
    server.setHandler(websockets);
    server.start();
    return new ApiServer(server, connector);
  }

  private static Authenticator tokens(Config config, NodeCredentials nodes) {
    byte[] admin = config.adminToken().getBytes(StandardCharsets.UTF_8);
    byte[] node = config.nodeToken().getBytes(StandardCharsets.UTF_8);
    return bearer -> {
      byte[] given = bearer.getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(given, admin)) {
        return Optional.of(Authorizer.ADMIN);
      }
      if (MessageDigest.isEqual(given, node)) {
        return Optional.of(Authorizer.JOIN);
      }
      return nodes.authenticate(bearer);
    };
  }

  /** The bound port: the configured one, or the one picked for port 0. */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
