package dev.kctl.apiserver;

import java.security.SecureRandom;
import java.util.Set;

/** Name rules the API server applies itself. */
final class Names {
  /** Namespaces Kubernetes refuses to delete. */
  static final Set<String> PROTECTED_NAMESPACES = Set.of("default", "kube-system", "kube-public");

  /** The alphabet of generated suffixes: no vowels (no words) and no look-alike characters. */
  private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {}

  /** {@code generateName} plus five random characters, as kube-apiserver generates names. */
  static String generate(String base) {
    String prefix = base.length() > 58 ? base.substring(0, 58) : base;
    StringBuilder name = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return name.toString();
  }
}
