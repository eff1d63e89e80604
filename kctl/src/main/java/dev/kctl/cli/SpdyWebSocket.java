package dev.kctl.cli;

import dev.kctl.client.spdy.MessageInputStream;
import dev.kctl.client.spdy.SpdyConnection;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * SPDY over a JDK WebSocket, as kubectl tunnels it: the bytes of the binary messages received
 * form {@link #input()}, and each frame sent is one binary message.
 */
final class SpdyWebSocket implements WebSocket.Listener, SpdyConnection.Transport {
  private final MessageInputStream input = new MessageInputStream();
  private volatile WebSocket socket;

  MessageInputStream input() {
    return input;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    input.offer(bytes, 0, bytes.length);
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    input.end();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    input.fail(new IOException("the port-forward WebSocket failed: " + error.getMessage(), error));
  }

  @Override
  public void send(ByteBuffer bytes) throws IOException {
    try {
      socket.sendBinary(bytes, true).join();
    } catch (CompletionException e) {
      throw new IOException("cannot send on the port-forward WebSocket: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((done, failure) -> ws.abort());
    }
    input.end();
  }
}
