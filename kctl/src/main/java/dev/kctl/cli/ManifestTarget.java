package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Manifest;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object of a manifest that apply or create sends: its type, and the namespace it goes to
 * (null for cluster-scoped types), which {@code config} (a copy of the manifest's object) names.
 */
record ManifestTarget(Manifest manifest, ResourceType type, String namespace, ObjectNode config) {
  /**
   * The target of {@code manifest}: its namespace is its own, else the command's, and a
   * namespace given with {@code -n} must agree with the manifest's, as kubectl requires.
   */
  static ManifestTarget of(Manifest manifest, Session session) {
    ResourceType type = ResourceTypes.byKind(manifest.apiVersion(), manifest.kind())
        .orElseThrow(() -> new CommandException("resource mapping not found for name: \""
            + manifest.name() + "\" from \"" + manifest.location() + "\": no matches for kind \""
            + manifest.kind() + "\" in version \"" + manifest.apiVersion() + "\""));
    ObjectNode config = manifest.object().deepCopy();
    if (!type.namespaced()) {
      return new ManifestTarget(manifest, type, null, config);
    }
    String namespace = manifest.namespace();
    if (namespace.isEmpty()) {
      namespace = session.namespace();
      ((ObjectNode) config.get("metadata")).put("namespace", namespace);
    } else if (session.namespaceGiven() && !session.namespace().equals(namespace)) {
      throw new CommandException("the namespace from the provided object \"" + namespace
          + "\" (" + manifest.location() + ") does not match the namespace \"" + session.namespace()
          + "\". You must pass '--namespace=" + namespace + "' to perform this operation.");
    }
    return new ManifestTarget(manifest, type, namespace, config);
  }
}
