package dev.kctl.kletd.portforward;

import dev.kctl.client.spdy.PortForwardProtocol;
import dev.kctl.client.spdy.SpdyConnection;
import dev.kctl.client.spdy.SpdyFrame;
import dev.kctl.client.spdy.SpdyStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the streams of a port-forward session and pairs them by request id: once a request has
 * both its error and its data stream, its connection is forwarded on a virtual thread of its own.
 * A stream without a valid port or stream type is refused, as the kubelet does.
 */
final class StreamPairs implements SpdyConnection.StreamHandler {
  private static final Logger log = LoggerFactory.getLogger(StreamPairs.class);

  private final PodForwarder forwarder;
  /** Half-complete requests by request id; only the connection's reading thread uses it. */
  private final Map<String, SpdyStream[]> pending = new HashMap<>();

  StreamPairs(PodForwarder forwarder) {
    this.forwarder = forwarder;
  }

  @Override
  public void onStream(SpdyStream stream) {
    String type = stream.header(PortForwardProtocol.STREAM_TYPE);
    int port = port(stream.header(PortForwardProtocol.PORT));
    if (port == 0 || !(type.equals(PortForwardProtocol.DATA) || type.equals(PortForwardProtocol.ERROR))) {
      log.info("port-forward to {}: refusing stream {} with port \"{}\" and stream type \"{}\"", forwarder.pod(),
          stream.id(), stream.header(PortForwardProtocol.PORT), type);
      stream.reset(SpdyFrame.REFUSED_STREAM);
      return;
    }
    try {
      stream.reply();
    } catch (IOException e) {
      return;
    }
    String requestId = stream.header(PortForwardProtocol.REQUEST_ID);
    SpdyStream[] pair = pending.computeIfAbsent(requestId, id -> new SpdyStream[2]);
    int slot = type.equals(PortForwardProtocol.ERROR) ? 0 : 1;
    if (pair[slot] != null) {
      log.info("port-forward to {}: request {} has a second {} stream; resetting it", forwarder.pod(), requestId, type);
      stream.reset(SpdyFrame.PROTOCOL_ERROR);
      return;
    }
    pair[slot] = stream;
    if (pair[0] != null && pair[1] != null) {
      pending.remove(requestId);
      SpdyStream error = pair[0];
      SpdyStream data = pair[1];
      Thread.ofVirtual().name("port-forward-" + requestId).start(() -> forwarder.forward(port, data, error));
    }
  }

  /** The port a stream names: 1 to 65535, or 0 when it is missing or not a port. */
  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      return port >= 1 && port <= 65535 ? port : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
