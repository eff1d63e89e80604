package dev.kctl.controller.runtime;

import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of a Node's {@code spec.taints}: a key, an optional value, an effect
 * ({@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}) and, for taints the node
 * lifecycle controller sets, when it was added.
 */
public record Taint(String key, String value, String effect, Optional<Instant> timeAdded) {
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";
  /** Set while the node's Ready condition is False. */
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  /** Set while the node's Ready condition is Unknown: it stopped reporting. */
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  /** Set while the node is cordoned ({@code spec.unschedulable}). */
  public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

  /** The taints in {@code node}'s {@code spec.taints}, in their order. */
  public static List<Taint> of(JsonNode node) {
    List<Taint> taints = new ArrayList<>();
    for (JsonNode t : node.path("spec").path("taints")) {
      taints.add(new Taint(t.path("key").asString(""), t.path("value").asString(""), t.path("effect").asString(""),
          Optional.ofNullable(Timestamps.parse(t.path("timeAdded").asString("")))));
    }
    return List.copyOf(taints);
  }

  /** The same key and effect: what identifies a taint on one node. */
  public boolean sameAs(Taint other) {
    return key.equals(other.key) && effect.equals(other.effect);
  }

  /** The JSON form, as in {@code spec.taints}. */
  public ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("key", key);
    if (!value.isEmpty()) {
      json.put("value", value);
    }
    json.put("effect", effect);
    timeAdded.ifPresent(at -> json.put("timeAdded", Timestamps.time(at)));
    return json;
  }
}
