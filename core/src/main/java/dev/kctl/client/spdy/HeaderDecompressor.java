package dev.kctl.client.spdy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the header blocks the peer sends: the counterpart of {@link HeaderCompressor}, one
 * zlib stream for the connection, which asks for {@link SpdyDictionary} at its start. Blocks must
 * be given in the order they arrived. Not thread-safe.
 */
final class HeaderDecompressor {
  /** Header blocks larger than this are refused, so a peer cannot make us inflate without end. */
  static final int MAX_BLOCK = 256 * 1024;

  private final Inflater inflater = new Inflater();
  private final byte[] buffer = new byte[1024];

  Map<String, String> decompress(byte[] compressed) throws IOException {
    inflater.setInput(compressed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try {
      while (true) {
        int n = inflater.inflate(buffer);
        if (n > 0) {
          out.write(buffer, 0, n);
          if (out.size() > MAX_BLOCK) {
            throw new IOException("SPDY protocol error: a header block inflates to more than " + MAX_BLOCK + " bytes");
          }
        } else if (inflater.needsDictionary()) {
          inflater.setDictionary(SpdyDictionary.bytes());
        } else if (inflater.needsInput() || inflater.finished()) {
          break;
        }
      }
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IOException("SPDY protocol error: a header block is not valid zlib data: " + e.getMessage(), e);
    }
    return HeaderBlock.decode(out.toByteArray());
  }

  void close() {
    inflater.end();
  }
}
