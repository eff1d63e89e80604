package dev.kctl.kletd.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener for one Service port on one address: each accepted connection goes to the
 * endpoint {@link Backends} picks, bytes copied both ways on virtual threads. End of stream on
 * one side half-closes the other; the pair is closed once both directions ended or either failed.
 */
final class Listener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final String service;
  private final ServerSocket server;
  private final Backends backends;
  private volatile Thread acceptor;

  private Listener(String service, ServerSocket server, Backends backends) {
    this.service = service;
    this.server = server;
    this.backends = backends;
  }

  /** Binds {@code address} and starts accepting; throws when the address cannot be bound. */
  static Listener open(String service, InetSocketAddress address, Backends backends) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Listener listener = new Listener(service, server, backends);
    listener.acceptor = Thread.ofVirtual().name("proxy-" + service + "-" + address).start(listener::accept);
    return listener;
  }

  Backends backends() {
    return backends;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> forward(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("proxy for service {}: accepting on {} failed: {}", service, server.getLocalSocketAddress(),
              e.getMessage());
        }
      }
    }
  }

  private void forward(Socket client) {
    String clientIp = client.getInetAddress().getHostAddress();
    var chosen = backends.pick(clientIp);
    if (chosen.isEmpty()) {
      log.debug("proxy for service {}: no ready endpoint; closing the connection from {}", service, clientIp);
      closeQuietly(client);
      return;
    }
    Endpoint endpoint = chosen.get();
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(endpoint.ip(), endpoint.port()), (int) CONNECT_TIMEOUT.toMillis());
    } catch (IOException e) {
      log.debug("proxy for service {}: endpoint {} refused the connection from {}: {}", service, endpoint, clientIp,
          e.getMessage());
      closeQuietly(upstream);
      closeQuietly(client);
      return;
    }
    Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
    copy(client, upstream);
    try {
      back.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(upstream);
    closeQuietly(client);
  }

  /** Copies until end of stream, then half-closes {@code to}; on failure closes both. */
  private static void copy(Socket from, Socket to) {
    // not try-with-resources: closing a socket's stream closes the socket, which would end the
    // other direction too
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // one side went away: nothing more can pass either way
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that is left to do with it
    }
  }

  /** Stops accepting; once this returns the address is free to bind again. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.debug("proxy for service {}: closing {}: {}", service, server.getLocalSocketAddress(), e.getMessage());
    }
    // a socket closed while a thread is blocked accepting on it is released once that thread leaves
    try {
      if (!acceptor.join(CLOSE_WAIT)) {
        log.warn("proxy for service {}: listener on {} did not stop within {}", service,
            server.getLocalSocketAddress(), CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
