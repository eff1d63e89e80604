package dev.kctl.kletd.logs;

import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The node's HTTP endpoint, which kctld proxies {@code pods/log} to:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}?follow=true&tailLines=N&previous=true}
 * answers the container's log as text/plain, streaming appended bytes when following until the
 * client goes away or the container's process has ended and its log is read to the end. Requests
 * must carry {@code Authorization: Bearer <node token>}. {@code GET /healthz} answers {@code ok}
 * to anyone. Plain HTTP: for now kctld and kletd talk over the node address they trust.
 */
public final class LogServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  /**
   * @param listen host and port; port 0 picks a free one, see {@link #port()}
   * @param token the bearer token clients must present: the node token line
   */
  public LogServer(InetSocketAddress listen, String token, LogSource source) {
    this.server = new Server(new VirtualThreadPool());
    this.connector = new ServerConnector(server);
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    server.addConnector(connector);
    server.setHandler(new LogHandler(token, source));
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
