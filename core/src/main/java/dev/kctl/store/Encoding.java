package dev.kctl.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layouts the store writes to RocksDB. All numbers are big-endian, so revision keys sort
 * in revision order and a revision range is a key range.
 *
 * <pre>
 * kv column family     key UTF-8            -> createRevision(8) modRevision(8) value
 * log column family    revision(8)          -> PUT    key, createRevision, value, hasPrevious(1)
 *                                                     [, previous createRevision, modRevision, value]
 *                                           -> DELETE key, createRevision, value
 * meta column family   "format"             -> format version(8), {@link FormatCheck#VERSION}
 *                      "revision"           -> revision(8)
 *                      "compacted"          -> compacted revision(8)
 * </pre>
 *
 * <p>Strings and values in log entries are length-prefixed (4 bytes). The revision of an entry is
 * its key, so it is not repeated inside: it is the current value's modRevision, and for a deletion
 * the revision the last value reports (as {@link Store#delete} returns it).
 */
final class Encoding {
  private static final byte PUT = 1;
  private static final byte DELETE = 2;
  /** A delete that also records the revision of the value it removed. */
  private static final byte DELETE_WITH_REVISION = 3;

  static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);
  static final byte[] REVISION_KEY = "revision".getBytes(StandardCharsets.UTF_8);
  static final byte[] COMPACTED_KEY = "compacted".getBytes(StandardCharsets.UTF_8);

  private Encoding() {}

  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static long readLong(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  static byte[] keyBytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encodeValue(KeyValue kv) {
    return ByteBuffer.allocate(2 * Long.BYTES + kv.value().length)
        .putLong(kv.createRevision())
        .putLong(kv.modRevision())
        .put(kv.value())
        .array();
  }

  static KeyValue decodeValue(byte[] key, byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    long create = in.getLong();
    long mod = in.getLong();
    byte[] value = new byte[in.remaining()];
    in.get(value);
    return new KeyValue(new String(key, StandardCharsets.UTF_8), value, create, mod);
  }

  static byte[] encodeEvent(StoreEvent event) {
    return switch (event) {
      case StoreEvent.Put put -> {
        byte[] key = keyBytes(put.current().key());
        KeyValue prev = put.previous();
        int size = 1 + 4 + key.length + 8 + 4 + put.current().value().length + 1
            + (prev == null ? 0 : 8 + 8 + 4 + prev.value().length);
        ByteBuffer out = ByteBuffer.allocate(size).put(PUT);
        putBytes(out, key).putLong(put.current().createRevision());
        putBytes(out, put.current().value());
        if (prev == null) {
          out.put((byte) 0);
        } else {
          out.put((byte) 1).putLong(prev.createRevision()).putLong(prev.modRevision());
          putBytes(out, prev.value());
        }
        yield out.array();
      }
      case StoreEvent.Delete delete -> {
        byte[] key = keyBytes(delete.previous().key());
        byte[] value = delete.previous().value();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + key.length + 8 + 8 + 4 + value.length).put(DELETE_WITH_REVISION);
        putBytes(out, key).putLong(delete.previous().createRevision()).putLong(delete.lastModRevision());
        yield putBytes(out, value).array();
      }
      case StoreEvent.Failed failed ->
          throw new IllegalArgumentException("a Failed event is never logged (revision " + failed.revision() + ")");
    };
  }

  static StoreEvent decodeEvent(long revision, byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    byte kind = in.get();
    String key = new String(getBytes(in), StandardCharsets.UTF_8);
    if (kind == PUT) {
      long create = in.getLong();
      KeyValue current = new KeyValue(key, getBytes(in), create, revision);
      KeyValue previous = null;
      if (in.get() == 1) {
        long prevCreate = in.getLong();
        long prevMod = in.getLong();
        previous = new KeyValue(key, getBytes(in), prevCreate, prevMod);
      }
      return new StoreEvent.Put(revision, current, previous);
    }
    if (kind == DELETE || kind == DELETE_WITH_REVISION) {
      long create = in.getLong();
      long lastMod = kind == DELETE ? revision : in.getLong();
      return new StoreEvent.Delete(revision, new KeyValue(key, getBytes(in), create, revision), lastMod);
    }
    throw new IllegalStateException("log entry at revision " + revision + " has unknown kind " + kind);
  }

  private static ByteBuffer putBytes(ByteBuffer out, byte[] bytes) {
    return out.putInt(bytes.length).put(bytes);
  }

  private static byte[] getBytes(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return bytes;
  }
}
