package dev.kctl.apiserver.protobuf;

import java.nio.charset.StandardCharsets;

/**
 * The wrapper around every protobuf body Kubernetes sends: the magic bytes {@code k8s\0}, then a
 * {@code runtime.Unknown} message whose type meta names the object's kind and whose raw bytes are
 * the object's own message.
 *
 * <pre>
 * runtime.Unknown { TypeMeta typeMeta = 1; bytes raw = 2; string contentEncoding = 3; string contentType = 4; }
 * runtime.TypeMeta { string apiVersion = 1; string kind = 2; }
 * </pre>
 *
 * @param raw the object's message, not copied: the envelope lives only while one body is decoded
 */
record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding) {
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final String UNKNOWN = "runtime.Unknown";

  /**
   * Reads the envelope of {@code body}.
   *
   * @throws IllegalArgumentException when the body does not start with the magic bytes or its
   *     envelope is malformed
   */
  static Envelope read(byte[] body) {
    if (body.length < MAGIC.length || !startsWithMagic(body)) {
      throw new IllegalArgumentException(
          "the protobuf body does not start with the magic bytes k8s\\0 of Kubernetes' protobuf encoding");
    }
    WireReader reader = new WireReader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    String encoding = "";
    while (!reader.atEnd()) {
      int number = 0;
      try {
        long tag = reader.readTag();
        number = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        if (number >= 1 && number <= 4 && wireType != WireReader.LENGTH_DELIMITED) {
          throw new IllegalArgumentException("field " + number + " of the " + UNKNOWN
              + " envelope has wire type " + wireType + " where a length-delimited value belongs");
        }
        switch (number) {
          case 1 -> {
            WireReader typeMeta = reader.readDelimited();
            while (!typeMeta.atEnd()) {
              long inner = typeMeta.readTag();
              switch ((int) (inner >>> 3)) {
                case 1 -> apiVersion = string(typeMeta);
                case 2 -> kind = string(typeMeta);
                default -> typeMeta.skip((int) (inner & 7));
              }
            }
          }
          case 2 -> raw = reader.readDelimited().remaining();
          case 3 -> encoding = string(reader);
          default -> reader.skip(wireType);
        }
      } catch (WireReader.Truncated e) {
        throw new IllegalArgumentException("truncated field " + number + " in message " + UNKNOWN
            + " (the envelope): found " + e.getMessage(), e);
      }
    }
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      throw new IllegalArgumentException("the " + UNKNOWN + " envelope of the protobuf body names no apiVersion and kind");
    }
    return new Envelope(apiVersion, kind, raw, encoding);
  }

  /** The API group: empty for the core group's {@code v1}. */
  String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  String version() {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  private static String string(WireReader reader) {
    return new String(reader.readDelimited().remaining(), StandardCharsets.UTF_8);
  }

  private static boolean startsWithMagic(byte[] body) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
