package dev.kctl.apiserver.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protobuf wire format for tests, one field at a time, as Kubernetes' generated code does:
 * numbers as varints (negative ones as ten bytes), strings, bytes and messages length-delimited.
 */
final class ProtobufWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A body of Kubernetes' protobuf encoding: the magic bytes and a runtime.Unknown envelope. */
  static byte[] envelope(String apiVersion, String kind, ProtobufWriter object) {
    ProtobufWriter typeMeta = new ProtobufWriter().string(1, apiVersion).string(2, kind);
    ProtobufWriter unknown = new ProtobufWriter()
        .message(1, typeMeta).bytes(2, object.toByteArray()).string(3, "").string(4, "");
    byte[] message = unknown.toByteArray();
    byte[] body = new byte[message.length + 4];
    body[0] = 'k';
    body[1] = '8';
    body[2] = 's';
    System.arraycopy(message, 0, body, 4, message.length);
    return body;
  }

  ProtobufWriter varint(int field, long value) {
    tag(field, 0);
    raw(value);
    return this;
  }

  ProtobufWriter bool(int field, boolean value) {
    return varint(field, value ? 1 : 0);
  }

  ProtobufWriter fixed64(int field, long value) {
    tag(field, 1);
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtobufWriter bytes(int field, byte[] value) {
    tag(field, 2);
    raw(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtobufWriter message(int field, ProtobufWriter message) {
    return bytes(field, message.toByteArray());
  }

  /** A map entry: key 1, value 2. */
  ProtobufWriter entry(int field, String key, String value) {
    return message(field, new ProtobufWriter().string(1, key).string(2, value));
  }

  ProtobufWriter entry(int field, String key, ProtobufWriter value) {
    return message(field, new ProtobufWriter().string(1, key).message(2, value));
  }

  /** Repeated numbers in packed form: one length-delimited run of varints. */
  ProtobufWriter packed(int field, long... values) {
    ProtobufWriter run = new ProtobufWriter();
    for (long value : values) {
      run.raw(value);
    }
    return bytes(field, run.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    raw(((long) field << 3) | wireType);
  }

  private void raw(long value) {
    long rest = value;
    while ((rest & ~0x7fL) != 0) {
      out.write((int) ((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
