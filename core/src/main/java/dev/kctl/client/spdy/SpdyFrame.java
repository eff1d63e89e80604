package dev.kctl.client.spdy;

import java.util.List;
import java.util.Map;

/**
 * One SPDY/3.1 frame, as {@link SpdyFrameWriter} writes it and {@link SpdyFrameReader} reads it.
 * Header blocks are plain maps here (lower-case names; several values of one name stay joined by
 * NUL, as on the wire); their compression belongs to the reader and writer of a connection.
 * Stream ids are 31-bit: clients use odd ones, servers even ones.
 */
public sealed interface SpdyFrame {
  /** A RST_STREAM status: the stream was refused before any processing. */
  int REFUSED_STREAM = 3;
  /** A RST_STREAM status: the sender no longer wants the stream. */
  int CANCEL = 5;
  /** A RST_STREAM status: the stream broke the protocol. */
  int PROTOCOL_ERROR = 1;

  /** Payload bytes of a stream; {@code fin} ends the sender's half of it. */
  record Data(int streamId, boolean fin, byte[] data) implements SpdyFrame {
    public Data {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The payload's length, without copying it. */
    public int length() {
      return data.length;
    }
  }

  /** Opens a stream. {@code priority} is 0 (highest) to 7. */
  record SynStream(int streamId, int associatedStreamId, int priority, boolean fin, boolean unidirectional,
      Map<String, String> headers) implements SpdyFrame {
    public SynStream {
      headers = Map.copyOf(headers);
    }
  }

  /** Accepts a stream the peer opened. */
  record SynReply(int streamId, boolean fin, Map<String, String> headers) implements SpdyFrame {
    public SynReply {
      headers = Map.copyOf(headers);
    }
  }

  /** Ends a stream abnormally, with a status such as {@link #CANCEL}. */
  record RstStream(int streamId, int status) implements SpdyFrame {}

  /** Connection settings; kctl reads and ignores them. */
  record Settings(boolean clear, List<Setting> entries) implements SpdyFrame {
    public Settings {
      entries = List.copyOf(entries);
    }
  }

  /** One entry of {@link Settings}: a 24-bit id, its flags and its value. */
  record Setting(int flags, int id, int value) {}

  /** A liveness check; the receiver echoes pings the other side started. */
  record Ping(int id) implements SpdyFrame {}

  /** The sender will accept no new streams after {@code lastGoodStreamId}. */
  record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {}

  /** More headers for an open stream. */
  record Headers(int streamId, boolean fin, Map<String, String> headers) implements SpdyFrame {
    public Headers {
      headers = Map.copyOf(headers);
    }
  }

  /** Flow control credit for a stream. */
  record WindowUpdate(int streamId, int delta) implements SpdyFrame {}
}
