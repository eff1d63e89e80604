package dev.kctl.controller.namespace;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One pass of kube's namespace deleter over a terminating namespace: every namespaced object is
 * deleted through the API (pods with their own grace period, so their node stops the processes;
 * everything else with background propagation), and what is still there afterwards is counted.
 */
final class ContentSweep {
  private static final DeleteOptions BACKGROUND = new DeleteOptions("Background", -1);

  private final Client client;

  ContentSweep(Client client) {
    this.client = client;
  }

  /**
   * What a pass left.
   *
   * @param remaining objects still present, by {@code resource.group} (kube's wording: core
   *     resources end in a bare dot, {@code pods.})
   * @param finalizers those objects' finalizers, by name, with how many objects carry each
   * @param failures one message per type whose listing or deletion failed
   */
  record Result(SortedMap<String, Integer> remaining, SortedMap<String, Integer> finalizers, List<String> failures) {
    Result {
      remaining = new TreeMap<>(remaining);
      finalizers = new TreeMap<>(finalizers);
      failures = List.copyOf(failures);
    }

    boolean empty() {
      return remaining.isEmpty() && failures.isEmpty();
    }
  }

  Result sweep(String namespace) {
    SortedMap<String, Integer> remaining = new TreeMap<>();
    SortedMap<String, Integer> finalizers = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (ResourceType type : ResourceTypes.all()) {
      if (!type.namespaced()) {
        continue;
      }
      try {
        for (JsonNode object : client.list(type, namespace, ListOptions.NONE).path("items")) {
          JsonNode left = delete(type, namespace, object);
          if (left != null) {
            remaining.merge(type.resource() + "." + type.group(), 1, Integer::sum);
            left.path("metadata").path("finalizers").forEach(f -> finalizers.merge(f.asString(""), 1, Integer::sum));
          }
        }
      } catch (ApiException e) {
        failures.add("%s: %s".formatted(type.qualifiedResource(), e.getMessage()));
      }
    }
    return new Result(remaining, finalizers, failures);
  }

  /** Deletes {@code object} unless it already is being deleted; returns it while it is still there. */
  private JsonNode delete(ResourceType type, String namespace, JsonNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    if (!meta.deletionTimestamp().isEmpty()) {
      return object; // its node or a finalizer's owner is finishing it
    }
    try {
      JsonNode after = client.delete(type, namespace, meta.name(), type == ResourceTypes.PODS ? DeleteOptions.DEFAULT : BACKGROUND);
      return after.path("metadata").has("deletionTimestamp") ? after : null;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return null;
      }
      throw e;
    }
  }

  /** {@code "pods. has 2 resource instances, replicasets.apps has 1 resource instances"}, as kube words it. */
  static String describe(Map<String, Integer> counts, String format) {
    List<String> parts = new ArrayList<>();
    counts.forEach((what, n) -> parts.add(format.formatted(what, n)));
    return String.join(", ", parts);
  }
}
