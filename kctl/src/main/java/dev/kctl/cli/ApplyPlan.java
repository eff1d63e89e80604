package dev.kctl.cli;

import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code apply} does with one object, decided from the configuration in the manifest and the
 * live object, as kubectl's client-side apply decides it.
 *
 * <p>The configuration last applied is kept in the annotation {@value #LAST_APPLIED}, so that a
 * field removed from the manifest is removed from the object, while fields the manifest never set
 * (defaults filled in by the server, {@code status}, {@code spec.replicas} when a manifest leaves
 * it to {@code kctl scale}) are kept. The merge is a three-way merge of JSON trees: mappings merge
 * field by field; a list replaces the live list, except when both have the same length, where
 * items merge one by one (so the defaults the server put into each container survive a re-apply
 * of an unchanged manifest). kubectl's strategic merge, which matches list items by key, is
 * closer still; this is enough for apply to say {@code unchanged} when nothing changed.
 */
sealed interface ApplyPlan {
  String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** The object does not exist: create it. */
  record Create(ObjectNode object) implements ApplyPlan {}

  /** The object exists and differs: replace it with {@code object} (live resourceVersion kept). */
  record Update(ObjectNode object) implements ApplyPlan {}

  /** The live object already is what the manifest asks for. */
  record Unchanged() implements ApplyPlan {}

  /**
   * @param config the object from the manifest, its namespace already filled in; not changed
   * @param live the object on the server, or null when it does not exist; not changed
   */
  static ApplyPlan of(ObjectNode config, ObjectNode live) {
    ObjectNode desired = withLastApplied(config);
    if (live == null) {
      return new Create(desired);
    }
    ObjectNode merged = live.deepCopy();
    merge(merged, desired, lastApplied(live));
    return merged.equals(live) ? new Unchanged() : new Update(merged);
  }

  /** {@code config} with the annotation that records it, as kubectl writes it (JSON and a newline). */
  static ObjectNode withLastApplied(ObjectNode config) {
    ObjectNode recorded = config.deepCopy();
    if (recorded.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      annotations.remove(LAST_APPLIED);
      if (annotations.isEmpty()) {
        ((ObjectNode) recorded.get("metadata")).remove("annotations");
      }
    }
    ObjectNode desired = config.deepCopy();
    ObjectNode metadata = desired.get("metadata") instanceof ObjectNode m ? m : desired.putObject("metadata");
    ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
    annotations.put(LAST_APPLIED, Json.string(recorded) + "\n");
    return desired;
  }

  /** The configuration recorded on {@code live}, or null when there is none (or it is unreadable). */
  private static ObjectNode lastApplied(ObjectNode live) {
    String text = live.path("metadata").path("annotations").path(LAST_APPLIED).asString("");
    if (text.isBlank()) {
      return null;
    }
    try {
      return Json.parseObject(text);
    } catch (JacksonException | IllegalArgumentException unreadable) {
      // Someone edited the annotation by hand: merge as if nothing had been applied before.
      return null;
    }
  }

  private static void merge(ObjectNode target, ObjectNode desired, ObjectNode previous) {
    if (previous != null) {
      List<String> dropped = new ArrayList<>();
      for (String name : previous.propertyNames()) {
        if (!desired.has(name)) {
          dropped.add(name);
        }
      }
      dropped.forEach(target::remove);
    }
    for (var field : desired.properties()) {
      String name = field.getKey();
      JsonNode want = field.getValue();
      JsonNode have = target.get(name);
      JsonNode before = previous == null ? null : previous.get(name);
      if (want.isNull()) {
        target.remove(name);
      } else if (want instanceof ObjectNode wantObject && have instanceof ObjectNode haveObject) {
        merge(haveObject, wantObject, before instanceof ObjectNode b ? b : null);
      } else if (want instanceof ArrayNode wantList && have instanceof ArrayNode haveList
          && wantList.size() == haveList.size()) {
        mergeItems(haveList, wantList, before instanceof ArrayNode b && b.size() == wantList.size() ? b : null);
      } else {
        target.set(name, want.deepCopy());
      }
    }
  }

  private static void mergeItems(ArrayNode target, ArrayNode desired, ArrayNode previous) {
    for (int i = 0; i < desired.size(); i++) {
      JsonNode want = desired.get(i);
      if (want instanceof ObjectNode wantObject && target.get(i) instanceof ObjectNode haveObject) {
        merge(haveObject, wantObject, previous != null && previous.get(i) instanceof ObjectNode b ? b : null);
      } else {
        target.set(i, want.deepCopy());
      }
    }
  }
}
