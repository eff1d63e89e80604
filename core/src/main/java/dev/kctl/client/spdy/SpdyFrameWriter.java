package dev.kctl.client.spdy;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Turns frames into SPDY/3.1 bytes (version 3, big-endian), compressing header blocks with this
 * writer's own zlib context: give it every frame of one direction of a connection, in the order
 * they are sent. Not thread-safe: callers serialize encoding and sending together.
 */
public final class SpdyFrameWriter implements AutoCloseable {
  /** The largest payload of one frame: the length field has 24 bits. */
  public static final int MAX_LENGTH = 0xFFFFFF;
  static final int VERSION = 3;
  static final int FLAG_FIN = 0x01;
  static final int FLAG_UNIDIRECTIONAL = 0x02;
  static final int FLAG_CLEAR_SETTINGS = 0x01;

  private final HeaderCompressor compressor = new HeaderCompressor();

  /** The frame's bytes. */
  public byte[] encode(SpdyFrame frame) {
    return switch (frame) {
      case SpdyFrame.Data d -> {
        byte[] data = d.data();
        ByteBuffer out = header(8 + data.length);
        out.putInt(streamId(d.streamId()));
        putFlagsAndLength(out, d.fin() ? FLAG_FIN : 0, data.length);
        yield out.put(data).array();
      }
      case SpdyFrame.SynStream s -> {
        byte[] block = compressor.compress(s.headers());
        if (s.priority() < 0 || s.priority() > 7) {
          throw new IllegalArgumentException("SPDY priority must be 0 to 7, got " + s.priority());
        }
        ByteBuffer out = control(FrameType.SYN_STREAM, (s.fin() ? FLAG_FIN : 0) | (s.unidirectional() ? FLAG_UNIDIRECTIONAL : 0),
            10 + block.length);
        out.putInt(streamId(s.streamId())).putInt(s.associatedStreamId() & 0x7FFFFFFF);
        out.put((byte) (s.priority() << 5)).put((byte) 0);
        yield out.put(block).array();
      }
      case SpdyFrame.SynReply r -> headersFrame(FrameType.SYN_REPLY, r.streamId(), r.fin(), r.headers());
      case SpdyFrame.Headers h -> headersFrame(FrameType.HEADERS, h.streamId(), h.fin(), h.headers());
      case SpdyFrame.RstStream r -> control(FrameType.RST_STREAM, 0, 8)
          .putInt(streamId(r.streamId())).putInt(r.status()).array();
      case SpdyFrame.Settings s -> {
        ByteBuffer out = control(FrameType.SETTINGS, s.clear() ? FLAG_CLEAR_SETTINGS : 0, 4 + 8 * s.entries().size());
        out.putInt(s.entries().size());
        for (SpdyFrame.Setting e : s.entries()) {
          out.putInt((e.flags() << 24) | (e.id() & 0xFFFFFF)).putInt(e.value());
        }
        yield out.array();
      }
      case SpdyFrame.Ping p -> control(FrameType.PING, 0, 4).putInt(p.id()).array();
      case SpdyFrame.GoAway g -> control(FrameType.GOAWAY, 0, 8)
          .putInt(g.lastGoodStreamId() & 0x7FFFFFFF).putInt(g.status()).array();
      case SpdyFrame.WindowUpdate w -> control(FrameType.WINDOW_UPDATE, 0, 8)
          .putInt(streamId(w.streamId())).putInt(w.delta() & 0x7FFFFFFF).array();
    };
  }

  @Override
  public void close() {
    compressor.close();
  }

  private byte[] headersFrame(FrameType type, int streamId, boolean fin, Map<String, String> headers) {
    byte[] block = compressor.compress(headers);
    return control(type, fin ? FLAG_FIN : 0, 4 + block.length).putInt(streamId(streamId)).put(block).array();
  }

  private static ByteBuffer control(FrameType type, int flags, int length) {
    ByteBuffer out = header(8 + length);
    out.putShort((short) (0x8000 | VERSION)).putShort((short) type.code());
    putFlagsAndLength(out, flags, length);
    return out;
  }

  private static ByteBuffer header(int size) {
    if (size - 8 > MAX_LENGTH) {
      throw new IllegalArgumentException("a SPDY frame carries at most " + MAX_LENGTH + " bytes, not " + (size - 8));
    }
    return ByteBuffer.allocate(size);
  }

  private static void putFlagsAndLength(ByteBuffer out, int flags, int length) {
    out.putInt((flags << 24) | length);
  }

  private static int streamId(int id) {
    if (id <= 0) {
      throw new IllegalArgumentException("a SPDY stream id must be positive, got " + id);
    }
    return id;
  }
}
