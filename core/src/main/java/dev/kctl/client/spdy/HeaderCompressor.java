package dev.kctl.client.spdy;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Compresses the header blocks one side of a connection sends. There is one zlib stream per
 * direction for the whole connection, primed with {@link SpdyDictionary} and sync-flushed after
 * every block, so blocks must be compressed in the order their frames are sent. Not thread-safe.
 */
final class HeaderCompressor {
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
  private final byte[] buffer = new byte[1024];

  HeaderCompressor() {
    deflater.setDictionary(SpdyDictionary.bytes());
  }

  byte[] compress(Map<String, String> headers) {
    deflater.setInput(HeaderBlock.encode(headers));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int n;
    // A full buffer may mean more output is pending; a partly filled one means the flush is done.
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }

  void close() {
    deflater.end();
  }
}
