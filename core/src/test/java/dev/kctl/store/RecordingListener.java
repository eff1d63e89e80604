package dev.kctl.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Collects the events of a watch for assertions. */
final class RecordingListener implements Consumer<StoreEvent> {
  private final List<StoreEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(StoreEvent event) {
    events.add(event);
  }

  List<StoreEvent> events() {
    return List.copyOf(events);
  }

  /** Waits until at least {@code count} events arrived and returns all of them. */
  List<StoreEvent> awaitEvents(int count) {
    await("%d store events".formatted(count)).atMost(Duration.ofSeconds(20)).until(() -> events.size() >= count);
    return events();
  }

  List<Long> revisions() {
    return events.stream().map(StoreEvent::revision).toList();
  }
}
