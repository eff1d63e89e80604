package dev.kctl.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The changes of {@code kctl label} and {@code kctl annotate}: {@code key=value} to set,
 * {@code key-} to remove. Setting a key that has another value needs {@code --overwrite}, as in
 * kubectl.
 *
 * @param set keys and values to set, in the order given
 * @param remove keys to remove
 */
record MetadataEdit(Map<String, String> set, List<String> remove) {
  MetadataEdit {
    set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    remove = List.copyOf(remove);
  }

  static MetadataEdit parse(List<String> changes, String what) {
    Map<String, String> set = new LinkedHashMap<>();
    List<String> remove = new java.util.ArrayList<>();
    for (String change : changes) {
      int equals = change.indexOf('=');
      if (equals > 0) {
        set.put(change.substring(0, equals), change.substring(equals + 1));
      } else if (change.endsWith("-") && change.length() > 1) {
        remove.add(change.substring(0, change.length() - 1));
      } else {
        throw new CommandException("invalid " + what + " \"" + change + "\": use key=value to set, key- to remove");
      }
    }
    for (String key : remove) {
      if (set.containsKey(key)) {
        throw new CommandException("can not both modify and remove the following " + what + "(s) in the same"
            + " command: " + key);
      }
    }
    if (set.isEmpty() && remove.isEmpty()) {
      throw new CommandException("at least one " + what + " update is required");
    }
    return new MetadataEdit(set, remove);
  }

  /**
   * The merge patch for {@code current} (the object's labels or annotations), or null when nothing
   * changes.
   *
   * @throws CommandException when a key would change value without {@code overwrite}
   */
  Map<String, String> patch(JsonNode current, boolean overwrite, String what) {
    Map<String, String> patch = new LinkedHashMap<>();
    for (var e : set.entrySet()) {
      JsonNode old = current.get(e.getKey());
      if (old != null && !old.asString("").equals(e.getValue()) && !overwrite) {
        throw new CommandException("'" + e.getKey() + "' already has a value (" + old.asString("")
            + "), and --overwrite is false");
      }
      if (old == null || !old.asString("").equals(e.getValue())) {
        patch.put(e.getKey(), e.getValue());
      }
    }
    for (String key : remove) {
      if (current.has(key)) {
        patch.put(key, null);
      }
    }
    return patch;
  }
}
