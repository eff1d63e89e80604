package dev.kctl.it;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records watch events of several kinds in one namespace, so a test can check the order in
 * which things happened by their resourceVersions (store revisions), whatever order the separate
 * streams delivered them in.
 */
final class WatchLog implements AutoCloseable {
  /** One event: its type, the object's kind and name, and the revision it happened at. */
  record Entry(WatchEvent.Type type, String kind, String name, long revision, ObjectNode object) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private final List<Consumer<Entry>> listeners = new ArrayList<>();

  WatchLog(Client client, String namespace, ResourceType... types) {
    for (ResourceType type : types) {
      watches.add(client.watch(type, namespace, ListOptions.NONE, new WatchHandler() {
        @Override
        public void onEvent(WatchEvent event) {
          if (event.type() == WatchEvent.Type.BOOKMARK || event.type() == WatchEvent.Type.ERROR) {
            return;
          }
          ObjectMeta meta = ObjectMeta.of(event.object());
          add(new Entry(event.type(), type.kind(), meta.name(), Long.parseLong(meta.resourceVersion()), event.object()));
        }

        @Override
        public void onClose(ApiException cause) {}
      }));
    }
  }

  /** Calls {@code listener} on every later entry, on the watch's thread, under the log's lock. */
  synchronized void listen(Consumer<Entry> listener) {
    listeners.add(listener);
  }

  private synchronized void add(Entry entry) {
    entries.add(entry);
    listeners.forEach(l -> l.accept(entry));
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  synchronized List<Entry> of(String kind, WatchEvent.Type type) {
    return entries.stream().filter(e -> e.kind().equals(kind) && e.type() == type).toList();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
