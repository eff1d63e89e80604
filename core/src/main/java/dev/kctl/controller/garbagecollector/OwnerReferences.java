package dev.kctl.controller.garbagecollector;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merge patches of {@code metadata.ownerReferences}. A merge patch replaces the whole list, so
 * each carries the object's resourceVersion: a concurrent change makes it fail with Conflict
 * rather than be overwritten.
 */
final class OwnerReferences {
  private OwnerReferences() {}

  /** Whether {@code dependent} holds a reference to {@code ownerUid} with blockOwnerDeletion. */
  static boolean blocks(ObjectNode dependent, String ownerUid) {
    for (JsonNode ref : dependent.path("metadata").path("ownerReferences")) {
      if (ref.path("uid").asString("").equals(ownerUid) && ref.path("blockOwnerDeletion").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** The patch dropping every reference to {@code ownerUid}; empty when there is none. */
  static Optional<ObjectNode> without(ObjectNode dependent, String ownerUid) {
    return release(dependent, List.of(ownerUid), List.of());
  }

  /**
   * The patch dropping the references to {@code removed} owners and clearing blockOwnerDeletion
   * on those to {@code unblocked} owners; empty when that changes nothing.
   */
  static Optional<ObjectNode> release(ObjectNode dependent, Collection<String> removed, Collection<String> unblocked) {
    ArrayNode refs = Json.array();
    boolean changed = false;
    for (JsonNode ref : dependent.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asString("");
      if (removed.contains(uid)) {
        changed = true;
      } else if (unblocked.contains(uid) && ref.path("blockOwnerDeletion").asBoolean(false)) {
        ObjectNode copy = (ObjectNode) ref.deepCopy();
        copy.put("blockOwnerDeletion", false);
        refs.add(copy);
        changed = true;
      } else {
        refs.add(ref.deepCopy());
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    ObjectNode patch = Json.object();
    ObjectNode meta = patch.putObject("metadata");
    meta.put("resourceVersion", ObjectMeta.of(dependent).resourceVersion());
    if (refs.isEmpty()) {
      meta.putNull("ownerReferences");
    } else {
      meta.set("ownerReferences", refs);
    }
    return Optional.of(patch);
  }
}
