package dev.kctl.kletd.portforward;

import dev.kctl.client.spdy.MessageInputStream;
import dev.kctl.client.spdy.SpdyConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One port-forward session: the SPDY bytes of the WebSocket's binary messages feed a SPDY server
 * connection, whose stream pairs {@link StreamPairs} forwards to the pod. The session lives until
 * the client closes it, whatever happens to single forwarded connections. Public because Jetty
 * instantiates WebSocket endpoints reflectively.
 */
public final class PortForwardSession implements Session.Listener.AutoDemanding {
  private final PodForwarder forwarder;
  private final MessageInputStream input = new MessageInputStream();
  private volatile SpdyConnection connection;

  PortForwardSession(PodForwarder forwarder) {
    this.forwarder = forwarder;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    connection = SpdyConnection.server("port-forward " + forwarder.pod(), input, new Transport(session),
        new StreamPairs(forwarder));
    connection.start();
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    input.offer(bytes, 0, bytes.length);
    callback.succeed();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    input.end();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    input.fail(new IOException("the port-forward WebSocket failed: " + cause.getMessage(), cause));
  }

  /** Sends each frame as one binary message and waits for it, so frames leave in order. */
  private record Transport(Session session) implements SpdyConnection.Transport {
    @Override
    public void send(ByteBuffer bytes) throws IOException {
      Callback.Completable sent = new Callback.Completable();
      session.sendBinary(bytes, sent);
      try {
        sent.join();
      } catch (RuntimeException e) {
        throw new IOException("cannot send on the port-forward WebSocket: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      session.close(StatusCode.NORMAL, "", Callback.NOOP);
    }
  }
}
