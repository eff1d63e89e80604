package dev.kctl.client;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records v1 Events about objects, as each Kubernetes component does, so that {@code describe} and
 * {@code get events} show what happened. Recording is best effort: a failure is logged, never
 * thrown, because no component should stop working for want of an event.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final Client client;
  private final String component;
  private final String host;
  private final InstantSource clock;

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
    Instant now = clock.instant();
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
      client.create(ResourceTypes.EVENTS, namespace, event);
    } catch (RuntimeException e) {
      log.warn("{}: could not record event {} on {} {}: {}", component, reason,
          involved.path("kind").asString(""), meta.key(), e.getMessage());
    }
  }
}
