package dev.kctl.kletd.portforward;

import dev.kctl.client.spdy.SpdyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the connections of one port-forward session to one pod: dials the pod's port, copies
 * the data stream to it and its answers back, and when that fails writes the kubelet's message on
 * the error stream ("error forwarding port 8080 to pod ..., uid : ..."). The pod is looked up on
 * the first connection and kept for the session, as the kubelet keeps the pod's sandbox.
 */
final class PodForwarder {
  private static final Logger log = LoggerFactory.getLogger(PodForwarder.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String namespace;
  private final String name;
  private final PortForwardSource source;
  /** Guarded by this: the pod's ports, once found. */
  private PodPorts ports;

  PodForwarder(String namespace, String name, PortForwardSource source) {
    this.namespace = namespace;
    this.name = name;
    this.source = source;
  }

  String pod() {
    return namespace + "/" + name;
  }

  /** Forwards one connection to the pod's {@code port}; returns when it has ended. */
  void forward(int port, SpdyStream data, SpdyStream error) {
    try (Socket socket = new Socket()) {
      Optional<PodPorts> pod;
      try {
        pod = ports();
      } catch (RuntimeException e) {
        fail(port, data, error, "", "cannot look up pod " + pod() + ": " + e.getMessage());
        return;
      }
      if (pod.isEmpty()) {
        fail(port, data, error, "", "pod " + pod() + " is not found");
        return;
      }
      PodPorts target = pod.get();
      int hostPort = target.target(port);
      try {
        socket.connect(new InetSocketAddress(target.host(), hostPort), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        String why = e instanceof ConnectException
            ? "dial tcp %s:%d: connect: connection refused".formatted(target.host(), hostPort)
            : "dial tcp %s:%d: %s".formatted(target.host(), hostPort, e.getMessage());
        fail(port, data, error, target.uid(), why);
        return;
      }
      socket.setTcpNoDelay(true);
      Thread upstream = Thread.ofVirtual().start(() -> toPod(data, socket));
      copy(socket.getInputStream(), data.output());
      data.finish();
      error.finish();
      socket.close();
      upstream.join();
    } catch (IOException e) {
      log.debug("port-forward to {} port {}: the connection ended: {}", pod(), port, e.getMessage());
      data.reset(dev.kctl.client.spdy.SpdyFrame.CANCEL);
      finishQuietly(error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies what the client sends until it finishes (then half-closes) or resets (then closes). */
  private void toPod(SpdyStream data, Socket socket) {
    try {
      copy(data.input(), socket.getOutputStream());
      socket.shutdownOutput();
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all that is left to do
      }
    }
  }

  private synchronized Optional<PodPorts> ports() {
    if (ports == null) {
      source.find(namespace, name).ifPresent(found -> ports = found);
    }
    return Optional.ofNullable(ports);
  }

  private void fail(int port, SpdyStream data, SpdyStream error, String podId, String why) throws IOException {
    // The kubelet names the pod by its sandbox and leaves the uid empty; the pod's uid plays the sandbox here.
    String message = "error forwarding port %d to pod %s, uid : %s".formatted(port, podId.isEmpty() ? pod() : podId, why);
    log.info("port-forward to {}: {}", pod(), message);
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    error.write(bytes, 0, bytes.length);
    error.finish();
    data.finish();
  }

  private static void finishQuietly(SpdyStream stream) {
    try {
      stream.finish();
    } catch (IOException e) {
      // the connection is gone; so is the stream
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
