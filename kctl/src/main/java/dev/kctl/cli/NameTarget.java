package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the word being completed names live objects, and of which type: after
 * {@code get pods}, {@code describe deploy} (the type's names), after {@code logs} (pods), or in a
 * {@code TYPE/} word. Shell completion and the REPL ask this before listing names.
 *
 * @param type the objects' type
 * @param namespace the namespace given on the line with -n, or null for the session's
 * @param prefix put before each name: {@code pod/} when completing {@code pod/...}
 */
record NameTarget(ResourceType type, String namespace, String prefix) {

  /**
   * @param before the words before the current one, without the program name
   * @param current the word being completed
   * @return null when the current word does not name objects, or names an unknown type
   */
  static NameTarget of(List<String> before, String current) {
    List<String> positionals = new ArrayList<>();
    String namespace = null;
    for (int i = 0; i < before.size(); i++) {
      String word = before.get(i);
      if (word.equals("-n") || word.equals("--namespace")) {
        namespace = i + 1 < before.size() ? before.get(++i) : null;
      } else if (word.startsWith("--namespace=")) {
        namespace = word.substring("--namespace=".length());
      } else if (!word.startsWith("-")) {
        positionals.add(word);
      }
    }
    if (positionals.isEmpty()) {
      return null;
    }
    String verb = positionals.getFirst();
    try {
      if (current.contains("/") && CompletionScripts.OBJECT_VERBS.contains(verb)) {
        String type = current.substring(0, current.indexOf('/'));
        return new NameTarget(Resources.type(type), namespace, type + "/");
      }
      if (CompletionScripts.POD_VERBS.contains(verb) && positionals.size() == 1) {
        return new NameTarget(ResourceTypes.PODS, namespace, "");
      }
      if (CompletionScripts.OBJECT_VERBS.contains(verb) && positionals.size() >= 2
          && !positionals.get(1).contains("/")) {
        return new NameTarget(Resources.type(positionals.get(1)), namespace, "");
      }
    } catch (CommandException unknownType) {
      return null;
    }
    return null;
  }
}
