package dev.kctl.cli;

import dev.kctl.client.spdy.PortForwardProtocol;
import dev.kctl.client.spdy.SpdyConnection;
import dev.kctl.client.spdy.SpdyFrame;
import dev.kctl.client.spdy.SpdyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listens on one local address and port and forwards each accepted connection to a port of the
 * pod over a port-forward SPDY connection, as kubectl does: a pair of streams per connection
 * (error, then data), bytes copied both ways until the pod's side ends. A failure of one
 * connection (nothing listens on the pod's port) is printed and the others go on.
 */
final class LocalForwarder implements AutoCloseable {
  private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

  private final SpdyConnection connection;
  private final ServerSocket listener;
  private final int remote;
  private final AtomicInteger requestIds;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * Binds the listener.
   *
   * @param requestIds numbers the connections of all forwarders of one session
   */
  LocalForwarder(SpdyConnection connection, String address, int local, int remote, AtomicInteger requestIds,
      PrintWriter out, PrintWriter err) throws IOException {
    this.connection = connection;
    this.remote = remote;
    this.requestIds = requestIds;
    this.out = out;
    this.err = err;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName(address), local));
  }

  int localPort() {
    return listener.getLocalPort();
  }

  /** Accepts connections on a virtual thread until closed. */
  void start() {
    Thread.ofVirtual().name("port-forward-" + localPort()).start(() -> {
      while (!listener.isClosed()) {
        try {
          Socket socket = listener.accept();
          Thread.ofVirtual().start(() -> handle(socket));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  private void handle(Socket socket) {
    int local = localPort();
    synchronized (out) {
      out.println("Handling connection for " + local);
      out.flush();
    }
    String requestId = Integer.toString(requestIds.getAndIncrement());
    try (socket) {
      SpdyStream error = connection.open(Map.of(PortForwardProtocol.STREAM_TYPE, PortForwardProtocol.ERROR,
          PortForwardProtocol.PORT, Integer.toString(remote), PortForwardProtocol.REQUEST_ID, requestId));
      // Nothing is ever written to the pod on the error stream.
      error.finish();
      SpdyStream data = connection.open(Map.of(PortForwardProtocol.STREAM_TYPE, PortForwardProtocol.DATA,
          PortForwardProtocol.PORT, Integer.toString(remote), PortForwardProtocol.REQUEST_ID, requestId));
      error.awaitReply(STREAM_TIMEOUT);
      data.awaitReply(STREAM_TIMEOUT);
      Thread toPod = Thread.ofVirtual().start(() -> toPod(socket, data));
      try {
        copy(data.input(), socket.getOutputStream());
      } catch (IOException e) {
        // The pod's side ended abnormally or the local client went away; the error stream says which.
      }
      // Whatever the local side still sends has nowhere to go now.
      data.reset(SpdyFrame.CANCEL);
      toPod.interrupt();
      String message = new String(error.input().readAllBytes(), StandardCharsets.UTF_8);
      if (!message.isEmpty()) {
        report("an error occurred forwarding %d -> %d: %s".formatted(local, remote, message));
      }
    } catch (IOException e) {
      report("error forwarding %d -> %d: %s".formatted(local, remote, e.getMessage()));
    }
  }

  private static void toPod(Socket socket, SpdyStream data) {
    try {
      copy(socket.getInputStream(), data.output());
      data.finish();
    } catch (IOException e) {
      // The stream was reset or the socket closed: the connection is over either way.
    }
  }

  private void report(String message) {
    synchronized (err) {
      err.println(message);
      err.flush();
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }
}
