package dev.kctl.apiserver;

import dev.kctl.api.ResourceType;

/**
 * Where objects live in the store: {@code /registry/<group>/<resource>/<namespace>/<name>}, with
 * {@code core} for the legacy group and no namespace segment for cluster-scoped kinds. A prefix
 * ends in '/', so one namespace's prefix never matches another whose name it starts.
 */
final class StorageKeys {
  private StorageKeys() {}

  static String key(ResourceType type, String namespace, String name) {
    return prefix(type, namespace) + name;
  }

  /** The prefix of one namespace's objects, or of all of them when {@code namespace} is null. */
  static String prefix(ResourceType type, String namespace) {
    String base = "/registry/" + (type.group().isEmpty() ? "core" : type.group()) + "/" + type.resource() + "/";
    return type.namespaced() && namespace != null ? base + namespace + "/" : base;
  }
}
