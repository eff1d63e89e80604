package dev.kctl.store;

import java.util.List;

/** The keys under a prefix as of {@code revision}: a watch after that revision misses nothing. */
public record Range(List<KeyValue> items, long revision) {
  public Range {
    items = List.copyOf(items);
  }
}
