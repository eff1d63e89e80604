package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of live objects for REPL completion, kept current by one informer per type (all
 * namespaces), started the first time a type is used or completed. A Tab never waits for the
 * server beyond the first sync of a type, and then at most {@link #FIRST_SYNC}.
 */
final class LiveNames implements AutoCloseable {
  /** How long the first completion of a type waits for its informer's initial list. */
  static final Duration FIRST_SYNC = Duration.ofSeconds(2);

  private final Client client;
  /** Informers by type; guarded by being a concurrent map (computeIfAbsent starts each once). */
  private final Map<ResourceType, Informer> informers = new ConcurrentHashMap<>();

  LiveNames(Client client) {
    this.client = client;
  }

  /** Starts following {@code type} if not yet followed. */
  Informer follow(ResourceType type) {
    return informers.computeIfAbsent(type, t -> {
      Informer informer = new Informer(client, t, null, ListOptions.NONE);
      informer.start();
      return informer;
    });
  }

  /** The names of the objects of {@code type} in {@code namespace} (ignored for cluster types), sorted. */
  List<String> names(ResourceType type, String namespace) throws InterruptedException {
    Informer informer = follow(type);
    informer.awaitSynced(FIRST_SYNC);
    return informer.list().stream()
        .filter(o -> !type.namespaced() || namespace.equals(o.path("metadata").path("namespace").asString("")))
        .map(o -> o.path("metadata").path("name").asString(""))
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    informers.values().forEach(Informer::close);
  }
}
