package dev.kctl.client;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * Informers over an {@link InMemoryClient} for reconcile-level tests: create them (handlers get
 * registered by the code under test), {@link #start()} them, and {@link #awaitCaughtUp()} before
 * each hand-driven reconcile so the caches show every write made so far.
 */
public final class InformerFixture implements AutoCloseable {
  private final InMemoryClient client;
  private final List<Informer> informers = new ArrayList<>();

  public InformerFixture(InMemoryClient client) {
    this.client = client;
  }

  public Informer informer(ResourceType type) {
    Informer informer = new Informer(client, type, null, ListOptions.NONE);
    informers.add(informer);
    return informer;
  }

  public void start() {
    informers.forEach(Informer::start);
    await("informers synced").atMost(ofSeconds(10)).until(() -> informers.stream().allMatch(Informer::hasSynced));
  }

  /** Waits until every cache holds exactly what the client stores, at the same versions. */
  public void awaitCaughtUp() {
    await("caches caught up").atMost(ofSeconds(10)).until(() -> informers.stream()
        .allMatch(i -> versions(i.list()).equals(versions(client.all(i.type())))));
  }

  private static Map<String, String> versions(List<ObjectNode> objects) {
    return objects.stream().collect(Collectors.toMap(o -> ObjectMeta.of(o).key(), o -> ObjectMeta.of(o).resourceVersion()));
  }

  @Override
  public void close() {
    informers.forEach(Informer::close);
  }
}
