package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** Static completion candidates of the picocli model, shared by shell scripts and the REPL. */
final class Completion {
  private Completion() {}

  /** Every name kctl accepts for a type: plural, singular, short names, and {@code all}. */
  static Set<String> typeNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ResourceType type : ResourceTypes.all()) {
      names.add(type.resource());
      names.add(type.singular());
      names.addAll(type.shortNames());
    }
    names.add(Resources.ALL);
    return names;
  }

  /** The type names as picocli's completion candidates. */
  static final class TypeNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return typeNames().iterator();
    }
  }
}
