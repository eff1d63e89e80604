package dev.kctl.controller.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code pod-template-hash} of a pod template, as Kubernetes computes it in spirit: FNV-1a
 * (32 bit) over the template, then the collision count as four little-endian bytes when set, the
 * decimal number rendered with the "safe encoding" alphabet of kube's {@code rand.SafeEncodeString}
 * (no vowels, no look-alike digits), e.g. {@code 5d8f7c9b4}. Kubernetes hashes a Go struct
 * dump; here the input is the template's JSON with object keys sorted, so equal templates hash
 * alike whatever their field order, but the values differ from a real cluster's.
 */
public final class PodTemplateHash {
  /** The label Deployments put on their ReplicaSets and pods. */
  public static final String LABEL = "pod-template-hash";
  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  /** @param collisionCount {@code status.collisionCount}, or -1 when not set */
  public static String of(JsonNode template, long collisionCount) {
    int hash = fnv1a(FNV_OFFSET, canonical(template).getBytes(StandardCharsets.UTF_8));
    if (collisionCount >= 0) {
      int c = (int) collisionCount;
      hash = fnv1a(hash, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  static int fnv1a(int seed, byte[] data) {
    int hash = seed;
    for (byte b : data) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** Each character becomes {@code alphabet[codePoint % 27]}, as kube's SafeEncodeString does. */
  static String safeEncode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.append(SAFE_ALPHABET.charAt(cp % SAFE_ALPHABET.length())));
    return out.toString();
  }

  /** Compact JSON with object keys sorted, so that field order does not change the hash. */
  static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      out.append('{');
      for (int i = 0; i < fields.size(); i++) {
        out.append(i > 0 ? "," : "").append(quote(fields.get(i).getKey())).append(':');
        write(fields.get(i).getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i > 0 ? "," : "");
        write(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  private static String quote(String key) {
    return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(key).toString();
  }
}
