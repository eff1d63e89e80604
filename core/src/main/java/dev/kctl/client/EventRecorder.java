package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records v1 Events about objects, as each Kubernetes component does, so that {@code describe} and
 * {@code get events} show what happened. Recording is best effort: a failure is logged, never
 * thrown, because no component should stop working for want of an event.
 *
 * <p>Identical events (same object, type, reason, message and source) are aggregated as
 * client-go's EventCorrelator does: a repeat within {@link #AGGREGATION_WINDOW} of the previous
 * one patches the existing Event's {@code count} and {@code lastTimestamp} instead of creating
 * another. The recorder remembers the last {@link #REMEMBERED} distinct events (least recently
 * used forgotten first); a forgotten one, or one deleted meanwhile, starts a new Event.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  /** Repeats further apart than this start a new Event. */
  public static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);
  /** Distinct events remembered for aggregation, as client-go's cache size. */
  public static final int REMEMBERED = 4096;

  /** An Event this recorder wrote: where it is and what it counts so far. */
  private record Recorded(String namespace, String name, int count, Instant last) {}

  private final Client client;
  private final String component;
  private final String host;
  private final InstantSource clock;
  /** Guarded by itself: recent events by their aggregation key, least recently used first. */
  private final Map<String, Recorded> recent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
      return size() > REMEMBERED;
    }
  };

  /**
   * @param component the reporting component, e.g. {@code deployment-controller} or {@code kubelet}
   * @param host the node the component runs on, empty for control-plane components
   */
  public EventRecorder(Client client, String component, String host, InstantSource clock) {
    this.client = client;
    this.component = component;
    this.host = host;
    this.clock = clock;
  }

  public void normal(ObjectNode involved, String reason, String message) {
    record(involved, "Normal", reason, message);
  }

  public void warning(ObjectNode involved, String reason, String message) {
    record(involved, "Warning", reason, message);
  }

  private void record(ObjectNode involved, String type, String reason, String message) {
    ObjectMeta meta = ObjectMeta.of(involved);
    String namespace = meta.namespace().isEmpty() ? "default" : meta.namespace();
    String key = String.join("\u0000", component, host, involved.path("apiVersion").asString(""),
        involved.path("kind").asString(""), meta.namespace(), meta.name(), meta.uid(), type, reason, message);
    // one at a time, so that concurrent repeats count up in order
    synchronized (recent) {
      Instant now = clock.instant();
      Recorded previous = recent.get(key);
      if (previous != null && !previous.last().plus(AGGREGATION_WINDOW).isBefore(now) && repeat(previous, now)) {
        recent.put(key, new Recorded(previous.namespace(), previous.name(), previous.count() + 1, now));
        return;
      }
      create(involved, meta, namespace, type, reason, message, now)
          .ifPresent(name -> recent.put(key, new Recorded(namespace, name, 1, now)));
    }
  }

  /** Counts one more occurrence on an existing Event; false when it is gone (expired, deleted). */
  private boolean repeat(Recorded previous, Instant now) {
    ObjectNode patch = Json.object();
    patch.put("count", previous.count() + 1);
    patch.put("lastTimestamp", Timestamps.time(now));
    try {
      client.patch(ResourceTypes.EVENTS, previous.namespace(), previous.name(), PatchType.MERGE, patch, null);
      return true;
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        log.warn("{}: could not count a repeat of event {}/{}: {}", component, previous.namespace(), previous.name(), e.getMessage());
      }
      return false;
    } catch (RuntimeException e) {
      log.warn("{}: could not count a repeat of event {}/{}: {}", component, previous.namespace(), previous.name(), e.getMessage());
      return true; // not reachable now; a new Event would not get through either
    }
  }

  /** Creates the Event; its name, or empty when it could not be written. */
  private Optional<String> create(ObjectNode involved, ObjectMeta meta, String namespace, String type, String reason,
      String message, Instant now) {
    ObjectNode event = Json.object();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    ObjectNode m = event.putObject("metadata");
    m.put("name", "%s.%x".formatted(meta.name(), now.toEpochMilli() * 1_000_000L + now.getNano() % 1_000_000));
    m.put("namespace", namespace);
    ObjectNode ref = event.putObject("involvedObject");
    ref.put("apiVersion", involved.path("apiVersion").asString(""));
    ref.put("kind", involved.path("kind").asString(""));
    ref.put("name", meta.name());
    if (!meta.namespace().isEmpty()) {
      ref.put("namespace", meta.namespace());
    }
    ref.put("uid", meta.uid());
    ref.put("resourceVersion", meta.resourceVersion());
    event.put("reason", reason);
    event.put("message", message);
    event.put("type", type);
    ObjectNode source = event.putObject("source");
    source.put("component", component);
    if (!host.isEmpty()) {
      source.put("host", host);
    }
    event.put("firstTimestamp", Timestamps.time(now));
    event.put("lastTimestamp", Timestamps.time(now));
    event.put("count", 1);
    event.put("reportingComponent", component);
    event.put("reportingInstance", host.isEmpty() ? component : host);
    try {
      return Optional.of(ObjectMeta.of(client.create(ResourceTypes.EVENTS, namespace, event)).name());
    } catch (RuntimeException e) {
      log.warn("{}: could not record event {} on {} {}: {}", component, reason,
          involved.path("kind").asString(""), meta.key(), e.getMessage());
      return Optional.empty();
    }
  }
}
