package dev.kctl.kletd.logs;

import dev.kctl.kletd.exec.ExecHandler;
import dev.kctl.kletd.exec.ExecSource;
import dev.kctl.kletd.portforward.PortForwardHandler;
import dev.kctl.kletd.portforward.PortForwardSource;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The node's HTTP endpoint, which kctld proxies {@code pods/log} to:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}?follow=true&tailLines=N&previous=true}
 * (also {@code sinceSeconds=N}, {@code sinceTime=RFC3339} and {@code timestamps=true}, see {@link LogTimeline})
 * answers the container's log as text/plain, streaming appended bytes when following until the
 * client goes away or the container's process has ended and its log is read to the end. Requests
 * must carry {@code Authorization: Bearer <node token>}. {@code GET /healthz} answers {@code ok}
 * to anyone. {@code /exec/...} runs commands in containers, see {@link ExecHandler}. A joined node
 * serves HTTPS with the certificate kctld issued it (see {@link Tls}); kctld checks it against the
 * cluster CA and the node's IP before it sends its token. Plain HTTP remains for tests.
 */
public final class LogServer implements AutoCloseable {
  /**
   * The serving identity of an HTTPS endpoint.
   *
   * @param keyStore one key entry whose chain is [node certificate, cluster CA]
   * @param password the store's and the entry's password
   */
  public record Tls(KeyStore keyStore, char[] password) {}

  private final Server server;
  private final ServerConnector connector;
  private final LogTimeline timeline;
  /** Looks at the tracked log files about once a second, so that their lines get dated. */
  private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("log-timeline").factory());

  /**
   * @param listen host and port; port 0 picks a free one, see {@link #port()}
   * @param token the bearer token clients must present: the node token line
   */
  public LogServer(InetSocketAddress listen, String token, LogSource source) {
    this(listen, token, source, (namespace, pod, container) -> Optional.empty());
  }

  /**
   * @param listen host and port; port 0 picks a free one, see {@link #port()}
   * @param token the bearer token clients must present: the node token line
   * @param execs the containers commands may be run in
   */
  public LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs) {
    this(listen, token, source, execs, InstantSource.system());
  }

  /**
   * @param execs the containers commands may be run in
   * @param forwards the pods ports may be forwarded to ({@code /portForward/...}, see {@link PortForwardHandler})
   */
  public LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs,
      PortForwardSource forwards) {
    this(listen, token, source, execs, forwards, List.of());
  }

  /**
   * @param forwards the pods ports may be forwarded to
   * @param more further handlers of the endpoint's other paths (such as the stats summary), asked
   *     before the logs; each checks the bearer token itself
   */
  public LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs,
      PortForwardSource forwards, List<Handler> more) {
    this(listen, token, source, execs, forwards, InstantSource.system(), more, Optional.empty());
  }

  /** The same endpoint over HTTPS with {@code tls}. */
  public LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs,
      PortForwardSource forwards, List<Handler> more, Tls tls) {
    this(listen, token, source, execs, forwards, InstantSource.system(), more, Optional.of(tls));
  }

  /** @param clock dates log lines and measures {@code sinceSeconds} */
  LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs, InstantSource clock) {
    this(listen, token, source, execs, (namespace, pod) -> Optional.empty(), clock, List.of(), Optional.empty());
  }

  private LogServer(InetSocketAddress listen, String token, LogSource source, ExecSource execs,
      PortForwardSource forwards, InstantSource clock, List<Handler> more, Optional<Tls> tls) {
    this.server = new Server(new VirtualThreadPool());
    this.timeline = new LogTimeline(clock);
    this.connector = tls.map(identity -> https(server, identity)).orElseGet(() -> new ServerConnector(server));
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    server.addConnector(connector);
    // An exec session is quiet while its command is: it must not time out for that.
    WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(server,
        container -> container.setIdleTimeout(Duration.ofHours(1)));
    List<Handler> handlers = new ArrayList<>(List.of(
        new ExecHandler(token, execs, websockets.getServerWebSocketContainer()),
        new PortForwardHandler(token, forwards, websockets.getServerWebSocketContainer())));
    handlers.addAll(more);
    // Last: it answers 401 to any unauthenticated request, whatever its path.
    handlers.add(new LogHandler(token, source, timeline, clock));
    websockets.setHandler(new Handler.Sequence(handlers));
    server.setHandler(websockets);
    server.setErrorHandler(new PlainTextErrors());
  }

  private static ServerConnector https(Server server, Tls tls) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(tls.keyStore());
    factory.setKeyStorePassword(new String(tls.password()));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // kctld reaches the node by IP, which is no SNI name
    http.addCustomizer(secure);
    return new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(http));
  }

  /** Starts serving; throws when the address cannot be bound. */
  public void start() throws Exception {
    server.start();
    looker.scheduleWithFixedDelay(timeline::lookAtAll, 1, 1, TimeUnit.SECONDS);
  }

  /** The port it listens on, once started. */
  public int port() {
    return connector.getLocalPort();
  }

  public String host() {
    return connector.getHost();
  }

  @Override
  public void close() {
    looker.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the node HTTP endpoint on port " + port(), e);
    }
  }
}
