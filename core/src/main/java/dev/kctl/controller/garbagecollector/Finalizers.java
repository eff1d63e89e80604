package dev.kctl.controller.garbagecollector;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The finalizers the API server adds for Foreground and Orphan deletion, and their removal. */
final class Finalizers {
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";

  private Finalizers() {}

  static List<String> of(ObjectNode object) {
    List<String> out = new ArrayList<>();
    object.path("metadata").path("finalizers").forEach(f -> out.add(f.asString("")));
    return out;
  }

  /**
   * A merge patch that removes {@code finalizer}, guarded by the object's resourceVersion so that
   * a finalizer another party added meanwhile is not lost (the patch then fails with Conflict).
   */
  static ObjectNode removal(ObjectNode object, String finalizer) {
    ObjectNode patch = Json.object();
    ObjectNode meta = patch.putObject("metadata");
    meta.put("resourceVersion", ObjectMeta.of(object).resourceVersion());
    List<String> rest = of(object).stream().filter(f -> !f.equals(finalizer)).toList();
    if (rest.isEmpty()) {
      meta.putNull("finalizers");
    } else {
      ArrayNode list = meta.putArray("finalizers");
      rest.forEach(list::add);
    }
    return patch;
  }
}
