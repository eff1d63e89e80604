package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What describers read besides the object: its events, the pods and replica sets it controls,
 * and the time ages are measured at.
 */
record DescribeContext(Client client, Instant now, boolean showEvents) {

  DescribeWriter writer() {
    return new DescribeWriter(now);
  }

  /**
   * The events about {@code object}, found as kubectl finds them: by the involved object's name,
   * namespace, uid and (unless {@code withKind} is false, as for pods) kind.
   */
  List<JsonNode> events(JsonNode object, ResourceType type, boolean withKind) {
    return events(object, type, withKind, object.path("metadata").path("uid").asString(""));
  }

  List<JsonNode> events(JsonNode object, ResourceType type, boolean withKind, String uid) {
    if (!showEvents) {
      return List.of();
    }
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asString("");
    StringBuilder selector = new StringBuilder("involvedObject.name=" + metadata.path("name").asString(""))
        .append(",involvedObject.namespace=").append(namespace);
    if (withKind) {
      selector.append(",involvedObject.kind=").append(type.kind());
    }
    if (!uid.isEmpty()) {
      selector.append(",involvedObject.uid=").append(uid);
    }
    List<JsonNode> events = new ArrayList<>();
    try {
      client.list(ResourceTypes.EVENTS, namespace.isEmpty() ? null : namespace,
          ListOptions.NONE.withFieldSelector(selector.toString())).path("items").forEach(events::add);
    } catch (ApiException e) {
      // kubectl shows the object even when its events cannot be read.
      return List.of();
    }
    return events;
  }

  /** The pods in the namespace matching the selector object and controlled by {@code uid}. */
  List<JsonNode> controlledPods(String namespace, JsonNode selector, String uid) {
    List<JsonNode> pods = new ArrayList<>();
    for (JsonNode pod : client.list(ResourceTypes.PODS, namespace,
        ListOptions.NONE.withLabelSelector(selectorQuery(selector))).path("items")) {
      if (controllerUid(pod).equals(uid)) {
        pods.add(pod);
      }
    }
    return pods;
  }

  /** {@code N Running / N Waiting / N Succeeded / N Failed} of the controlled pods. */
  String podsStatus(String namespace, JsonNode selector, String uid) {
    int running = 0;
    int waiting = 0;
    int succeeded = 0;
    int failed = 0;
    for (JsonNode pod : controlledPods(namespace, selector, uid)) {
      switch (pod.path("status").path("phase").asString("")) {
        case "Running" -> running++;
        case "Pending" -> waiting++;
        case "Succeeded" -> succeeded++;
        case "Failed" -> failed++;
        default -> { }
      }
    }
    return "%d Running / %d Waiting / %d Succeeded / %d Failed".formatted(running, waiting, succeeded, failed);
  }

  static String controllerUid(JsonNode object) {
    for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        return owner.path("uid").asString("");
      }
    }
    return "";
  }

  /** {@code Kind/name} of the object's controller, or empty. */
  static String controlledBy(JsonNode object) {
    for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        return owner.path("kind").asString("") + "/" + owner.path("name").asString("");
      }
    }
    return "";
  }

  /** The query-string form of a selector object, for list requests. */
  static String selectorQuery(JsonNode selector) {
    String text = DescribeWriter.formatSelector(selector);
    return text.equals(DescribeWriter.NONE) ? "" : text;
  }

  /** Whether the selector object matches {@code labels}. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    return LabelSelector.fromObject(selector).matches(DescribeWriter.sorted(labels));
  }
}
