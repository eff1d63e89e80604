package dev.kctl.client.spdy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The uncompressed SPDY/3 name/value header block: a 32-bit count, then per pair a 32-bit length
 * and the name, a 32-bit length and the value (all big-endian, UTF-8). Names must be lower case
 * and appear once, as Go's framer insists.
 */
final class HeaderBlock {
  private HeaderBlock() {}

  static byte[] encode(Map<String, String> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    writeInt(out, headers.size());
    headers.forEach((name, value) -> {
      if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("SPDY header names must be non-empty and lower case, got \"" + name + "\"");
      }
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      writeInt(out, n.length);
      out.writeBytes(n);
      writeInt(out, v.length);
      out.writeBytes(v);
    });
    return out.toByteArray();
  }

  static Map<String, String> decode(byte[] block) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(block);
    int count = readLength(in, "header count");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = readString(in, "header name");
      String value = readString(in, "value of header " + name);
      if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new IOException("SPDY protocol error: header name \"" + name + "\" is empty or not lower case");
      }
      if (headers.put(name, value) != null) {
        throw new IOException("SPDY protocol error: header " + name + " appears twice");
      }
    }
    if (in.hasRemaining()) {
      throw new IOException("SPDY protocol error: " + in.remaining() + " bytes after the last header");
    }
    return headers;
  }

  private static String readString(ByteBuffer in, String what) throws IOException {
    int length = readLength(in, what);
    if (length > in.remaining()) {
      throw new IOException("SPDY protocol error: the " + what + " is longer than its header block");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int readLength(ByteBuffer in, String what) throws IOException {
    if (in.remaining() < 4) {
      throw new IOException("SPDY protocol error: the header block ends before the " + what);
    }
    int n = in.getInt();
    if (n < 0) {
      throw new IOException("SPDY protocol error: negative length of the " + what);
    }
    return n;
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
