package dev.kctl.apiserver.kubelet;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The node-to-client half of a relay: joins the parts in which the JDK's WebSocket client hands
 * over a node's binary message and passes the client whole messages (each carries one stream's
 * frame, which must not be cut), one at a time: the node is asked for more only once a message
 * left, and its side is aborted when one could not be sent.
 */
public final class MessagesToClient {
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  /** For {@link WebSocket.Listener#onBinary}: relays {@code part} once its message is whole. */
  public CompletionStage<?> relay(WebSocket node, ByteBuffer part, boolean last, CompletionStage<Session> client) {
    byte[] bytes = new byte[part.remaining()];
    part.get(bytes);
    partial.writeBytes(bytes);
    if (!last) {
      node.request(1);
      return null;
    }
    ByteBuffer message = ByteBuffer.wrap(partial.toByteArray());
    partial.reset();
    return client.thenCompose(session -> {
      Callback.Completable sent = new Callback.Completable();
      session.sendBinary(message, sent);
      return sent;
    }).whenComplete((done, failure) -> {
      if (failure == null) {
        node.request(1);
      } else {
        node.abort();
      }
    });
  }
}
