package dev.kctl.client.spdy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads SPDY/3.1 frames from a byte stream, decompressing header blocks with this reader's own
 * zlib context (so it must see every frame of one direction of a connection, in order). Control
 * frames of unknown types are skipped; any other malformed input is an {@link IOException} whose
 * message starts with "SPDY protocol error". Not thread-safe.
 */
public final class SpdyFrameReader implements AutoCloseable {
  /** Frames larger than this are refused; kctl's peers send at most 32 KiB of data per frame. */
  static final int MAX_FRAME = 1 << 20;

  private final DataInputStream in;
  private final HeaderDecompressor decompressor = new HeaderDecompressor();

  public SpdyFrameReader(InputStream in) {
    this.in = new DataInputStream(in);
  }

  /**
   * The next frame; empty when the stream ended between frames.
   *
   * @throws EOFException if it ended inside a frame
   */
  public Optional<SpdyFrame> read() throws IOException {
    while (true) {
      int first = in.read();
      if (first < 0) {
        return Optional.empty();
      }
      byte[] head = new byte[8];
      head[0] = (byte) first;
      in.readFully(head, 1, 7);
      ByteBuffer h = ByteBuffer.wrap(head);
      int word = h.getInt();
      int flags = h.get() & 0xFF;
      int length = ((h.get() & 0xFF) << 16) | ((h.get() & 0xFF) << 8) | (h.get() & 0xFF);
      if (length > MAX_FRAME) {
        throw new IOException("SPDY protocol error: a frame of " + length + " bytes is over the limit of " + MAX_FRAME);
      }
      byte[] body = new byte[length];
      in.readFully(body);
      if ((word & 0x80000000) == 0) {
        return Optional.of(new SpdyFrame.Data(word, (flags & SpdyFrameWriter.FLAG_FIN) != 0, body));
      }
      int version = (word >>> 16) & 0x7FFF;
      if (version != SpdyFrameWriter.VERSION) {
        throw new IOException("SPDY protocol error: version " + version + " frames are not supported, only 3");
      }
      Optional<FrameType> type = FrameType.of(word & 0xFFFF);
      if (type.isPresent()) {
        return Optional.of(control(type.get(), flags, ByteBuffer.wrap(body)));
      }
    }
  }

  @Override
  public void close() {
    decompressor.close();
  }

  private SpdyFrame control(FrameType type, int flags, ByteBuffer body) throws IOException {
    boolean fin = (flags & SpdyFrameWriter.FLAG_FIN) != 0;
    return switch (type) {
      case SYN_STREAM -> {
        need(body, 10, type);
        int id = streamId(body, type);
        int associated = body.getInt() & 0x7FFFFFFF;
        int priority = (body.get() & 0xFF) >>> 5;
        body.get();
        yield new SpdyFrame.SynStream(id, associated, priority, fin,
            (flags & SpdyFrameWriter.FLAG_UNIDIRECTIONAL) != 0, headers(body));
      }
      case SYN_REPLY -> {
        need(body, 4, type);
        yield new SpdyFrame.SynReply(streamId(body, type), fin, headers(body));
      }
      case HEADERS -> {
        need(body, 4, type);
        yield new SpdyFrame.Headers(streamId(body, type), fin, headers(body));
      }
      case RST_STREAM -> {
        need(body, 8, type);
        yield new SpdyFrame.RstStream(streamId(body, type), body.getInt());
      }
      case SETTINGS -> {
        need(body, 4, type);
        int count = body.getInt();
        if (count < 0 || count > body.remaining() / 8) {
          throw new IOException("SPDY protocol error: SETTINGS announces " + count + " entries in " + body.remaining() + " bytes");
        }
        List<SpdyFrame.Setting> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          int idWord = body.getInt();
          entries.add(new SpdyFrame.Setting(idWord >>> 24, idWord & 0xFFFFFF, body.getInt()));
        }
        yield new SpdyFrame.Settings((flags & SpdyFrameWriter.FLAG_CLEAR_SETTINGS) != 0, entries);
      }
      case PING -> {
        need(body, 4, type);
        yield new SpdyFrame.Ping(body.getInt());
      }
      case GOAWAY -> {
        need(body, 4, type);
        int last = body.getInt() & 0x7FFFFFFF;
        yield new SpdyFrame.GoAway(last, body.remaining() >= 4 ? body.getInt() : 0);
      }
      case WINDOW_UPDATE -> {
        need(body, 8, type);
        yield new SpdyFrame.WindowUpdate(streamId(body, type), body.getInt() & 0x7FFFFFFF);
      }
    };
  }

  private Map<String, String> headers(ByteBuffer body) throws IOException {
    byte[] block = new byte[body.remaining()];
    body.get(block);
    return decompressor.decompress(block);
  }

  private static int streamId(ByteBuffer body, FrameType type) throws IOException {
    int id = body.getInt() & 0x7FFFFFFF;
    if (id == 0) {
      throw new IOException("SPDY protocol error: " + type + " for stream 0");
    }
    return id;
  }

  private static void need(ByteBuffer body, int bytes, FrameType type) throws IOException {
    if (body.remaining() < bytes) {
      throw new IOException("SPDY protocol error: " + type + " needs " + bytes + " bytes, got " + body.remaining());
    }
  }
}
