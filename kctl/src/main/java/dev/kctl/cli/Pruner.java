package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code apply --prune}: deletes the objects an earlier apply made that this one no longer has.
 * Only the kinds and namespaces this apply touched are looked at, and only objects that carry
 * the last-applied annotation (so objects made by {@code create} or by controllers are never
 * pruned) and match the selector.
 */
final class Pruner {
  /** A kind in a namespace (null for cluster-scoped kinds) that the apply visited. */
  record Scope(ResourceType type, String namespace) {}

  /** One applied object, to be kept. */
  record Kept(ResourceType type, String namespace, String name) {}

  private final Client client;
  private final String selector;
  private final DryRun dryRun;

  Pruner(Client client, String selector, DryRun dryRun) {
    this.client = client;
    this.selector = selector;
    this.dryRun = dryRun;
  }

  /** Prunes in every scope; prints {@code deployment.apps/old pruned}; returns the failures. */
  int prune(Set<Scope> scopes, Set<Kept> kept, PrintWriter out, PrintWriter err) {
    int failures = 0;
    LabelSelector matcher = LabelSelector.parse(selector == null ? "" : selector);
    for (Scope scope : new LinkedHashSet<>(scopes)) {
      ListOptions options = selector == null ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
      for (JsonNode item : client.list(scope.type(), scope.namespace(), options).path("items")) {
        JsonNode metadata = item.path("metadata");
        String name = metadata.path("name").asString("");
        if (kept.contains(new Kept(scope.type(), scope.namespace(), name))
            || metadata.path("annotations").path(ApplyPlan.LAST_APPLIED).isMissingNode()
            || !metadata.path("deletionTimestamp").isMissingNode()
            || !matcher.matches(labels(metadata.path("labels")))) {
          continue;
        }
        try {
          switch (dryRun) {
            case NONE -> client.delete(scope.type(), scope.namespace(), name);
            // The client's delete carries no dryRun parameter; the object was just listed, so
            // naming it is what a server dry run would answer.
            case SERVER, CLIENT -> { }
          }
          out.println(Resources.ref(scope.type(), name) + " pruned" + dryRun.suffix());
        } catch (ApiException e) {
          if (e.reason() != StatusReason.NotFound) {
            err.println(ErrorReporter.fromServer(e));
            failures++;
          }
        }
      }
    }
    return failures;
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> map = new java.util.HashMap<>();
    labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString("")));
    return map;
  }
}
