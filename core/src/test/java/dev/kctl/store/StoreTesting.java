package dev.kctl.store;

import java.nio.charset.StandardCharsets;

/** Small helpers shared by the store tests. */
final class StoreTesting {
  private StoreTesting() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(KeyValue kv) {
    return new String(kv.value(), StandardCharsets.UTF_8);
  }
}
