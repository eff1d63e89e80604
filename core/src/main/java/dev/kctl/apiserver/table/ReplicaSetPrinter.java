package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** ReplicaSets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
final class ReplicaSetPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the replica set, unique in its namespace."),
      Column.integer("Desired", "Pods the replica set should run."),
      Column.integer("Current", "Pods the replica set runs."),
      Column.integer("Ready", "Pods that are ready."),
      Column.age(),
      Column.wide("Containers", "Names of the containers in the pod template."),
      Column.wide("Images", "Images of the containers in the pod template."),
      Column.wide("Selector", "The label selector of the replica set's pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode replicaSet, Instant now) {
    JsonNode status = replicaSet.path("status");
    String selector;
    try {
      selector = Workloads.selector(replicaSet.path("spec").path("selector"));
      if (selector.isEmpty()) {
        selector = "<none>";
      }
    } catch (IllegalArgumentException e) {
      selector = "<error>";
    }
    return List.of(
        replicaSet.path("metadata").path("name").asString(""),
        Workloads.desiredReplicas(replicaSet),
        status.path("replicas").asLong(0),
        status.path("readyReplicas").asLong(0),
        HumanDuration.since(replicaSet.path("metadata").path("creationTimestamp").asString(""), now),
        Workloads.containerNames(replicaSet),
        Workloads.containerImages(replicaSet),
        selector);
  }
}
