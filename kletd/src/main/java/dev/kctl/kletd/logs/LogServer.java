package dev.kctl.kletd.logs;

import dev.kctl.kletd.exec.ExecHandler;
import dev.kctl.kletd.exec.ExecSource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The node's HTTP endpoint, which kctld proxies {@code pods/log} to:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}?follow=true&tailLines=N&previous=true}
 * answers the container's log as text/plain, streaming appended bytes when following until the
 * client goes away or the container's process has ended and its log is read to the end. Requests
 * must carry {@code Authorization: Bearer <node token>}. {@code GET /healthz} answers {@code ok}
 * to anyone. {@code /exec/...} runs commands in containers, see {@link ExecHandler}. Plain HTTP: for now kctld and kletd talk over the node address they trust.
 */
public final class LogServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

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
    this.server = new Server(new VirtualThreadPool());
    this.connector = new ServerConnector(server);
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    server.addConnector(connector);
    // An exec session is quiet while its command is: it must not time out for that.
    WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(server,
        container -> container.setIdleTimeout(Duration.ofHours(1)));
    websockets.setHandler(new Handler.Sequence(
        new ExecHandler(token, execs, websockets.getServerWebSocketContainer()), new LogHandler(token, source)));
    server.setHandler(websockets);
  }

  /** Starts serving; throws when the address cannot be bound. */
  public void start() throws Exception {
    server.start();
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
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the node HTTP endpoint on port " + port(), e);
    }
  }
}
