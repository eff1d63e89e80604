package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Daemon sets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS
 * IMAGES SELECTOR. The counts come from the status; NODE SELECTOR is the pod template's.
 */
final class DaemonSetPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the daemon set, unique in its namespace."),
      Column.integer("Desired", "Nodes that should run the daemon pod."),
      Column.integer("Current", "Nodes that run at least one daemon pod."),
      Column.integer("Ready", "Nodes whose daemon pod is ready."),
      Column.integer("Up-to-date", "Nodes that run the current pod template."),
      Column.integer("Available", "Nodes whose daemon pod has been ready for minReadySeconds."),
      Column.text("Node Selector", "The node labels the pods are limited to."),
      Column.age(),
      Column.wide("Containers", "Names of the containers in the pod template."),
      Column.wide("Images", "Images of the containers in the pod template."),
      Column.wide("Selector", "The label selector of the daemon set's pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode daemonSet, Instant now) {
    JsonNode status = daemonSet.path("status");
    return List.of(
        Workloads.name(daemonSet),
        status.path("desiredNumberScheduled").asLong(0),
        status.path("currentNumberScheduled").asLong(0),
        status.path("numberReady").asLong(0),
        status.path("updatedNumberScheduled").asLong(0),
        status.path("numberAvailable").asLong(0),
        Workloads.formatLabels(daemonSet.path("spec").path("template").path("spec").path("nodeSelector")),
        Workloads.age(daemonSet, now),
        Workloads.containerNames(daemonSet),
        Workloads.containerImages(daemonSet),
        Workloads.formatSelector(daemonSet.path("spec").path("selector")));
  }
}
