package dev.kctl.apiserver.kubelet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Joins the parts in which the JDK's WebSocket client hands over a node's binary message, so a
 * relay passes the client whole messages: each carries one stream's frame, which must not be cut.
 */
public final class WholeMessages {
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  /** Adds a part; the whole message once its {@code last} part came, else empty. */
  public Optional<ByteBuffer> add(ByteBuffer part, boolean last) {
    byte[] bytes = new byte[part.remaining()];
    part.get(bytes);
    partial.writeBytes(bytes);
    if (!last) {
      return Optional.empty();
    }
    ByteBuffer message = ByteBuffer.wrap(partial.toByteArray());
    partial.reset();
    return Optional.of(message);
  }
}
