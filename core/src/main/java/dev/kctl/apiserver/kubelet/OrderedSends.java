package dev.kctl.apiserver.kubelet;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * Relays a client's messages to a node's WebSocket one after another. The JDK's WebSocket
 * refuses a send while the previous one is pending ("Send pending"), and Jetty may deliver the
 * client's next message before that send completed, so each send waits for the one before it.
 */
public final class OrderedSends {
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  /** Sends {@code message} after the earlier ones; completes {@code done} when it left or failed. */
  public synchronized void relay(WebSocket node, ByteBuffer message, Callback done) {
    ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message).flip();
    CompletableFuture<WebSocket> sent = last.handle((ignored, failure) -> null)
        .thenCompose(ignored -> node.sendBinary(copy, true));
    last = sent;
    sent.whenComplete((ws, failure) -> {
      if (failure == null) {
        done.succeed();
      } else {
        done.fail(failure);
      }
    });
  }
}
