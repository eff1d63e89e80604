package dev.kctl.apiserver.protobuf;

import java.util.Arrays;

/**
 * Reads protobuf's wire format from a slice of a byte array: tags, varints, fixed-width numbers
 * and length-delimited slices. Reading past the end of the slice throws {@link Truncated}, which
 * the caller turns into a message naming the field and message it was reading.
 */
final class WireReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  private final byte[] bytes;
  private final int end;
  private int position;

  WireReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  WireReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  boolean atEnd() {
    return position >= end;
  }

  /** A tag: the field number shifted left by three, or'ed with the wire type. */
  long readTag() {
    return readVarint();
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = next();
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new Truncated("a varint longer than ten bytes");
  }

  long readFixed64() {
    long result = 0;
    for (int i = 0; i < 8; i++) {
      result |= (long) (next() & 0xff) << (8 * i);
    }
    return result;
  }

  int readFixed32() {
    int result = 0;
    for (int i = 0; i < 4; i++) {
      result |= (next() & 0xff) << (8 * i);
    }
    return result;
  }

  /** A length-delimited value, as a reader over its bytes. */
  WireReader readDelimited() {
    int length = length();
    WireReader inner = new WireReader(bytes, position, position + length);
    position += length;
    return inner;
  }

  /** The rest of this reader's bytes. */
  byte[] remaining() {
    byte[] copy = Arrays.copyOfRange(bytes, position, end);
    position = end;
    return copy;
  }

  /** Skips a value of {@code wireType} whose tag was read. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> readFixed64();
      case LENGTH_DELIMITED -> {
        // Not `position += length()`: that would add to the position from before the length.
        int length = length();
        position += length;
      }
      case FIXED32 -> readFixed32();
      default -> throw new Truncated("wire type " + wireType + ", which Kubernetes never writes");
    }
  }

  private int length() {
    long length = readVarint();
    if (length < 0 || length > end - position) {
      throw new Truncated("a length of " + length + " bytes where " + (end - position) + " remain");
    }
    return (int) length;
  }

  private byte next() {
    if (position >= end) {
      throw new Truncated("the end of the bytes in the middle of a value");
    }
    return bytes[position++];
  }

  /** The bytes end before a value does, or hold something no protobuf writer makes. */
  static final class Truncated extends RuntimeException {
    Truncated(String found) {
      super(found, null, false, false);
    }
  }
}
