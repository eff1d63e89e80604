package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR. */
final class DeploymentPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the deployment, unique in its namespace."),
      Column.text("Ready", "Ready pods out of desired."),
      Column.text("Up-to-date", "Pods that run the current pod template."),
      Column.text("Available", "Pods ready for at least minReadySeconds."),
      Column.age(),
      Column.wide("Containers", "Names of the containers in the pod template."),
      Column.wide("Images", "Images of the containers in the pod template."),
      Column.wide("Selector", "The label selector of the deployment's pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode deployment, Instant now) {
    JsonNode status = deployment.path("status");
    String selector;
    try {
      selector = Workloads.selector(deployment.path("spec").path("selector"));
    } catch (IllegalArgumentException e) {
      selector = "<invalid>";
    }
    return List.of(
        deployment.path("metadata").path("name").asString(""),
        status.path("readyReplicas").asLong(0) + "/" + Workloads.desiredReplicas(deployment),
        status.path("updatedReplicas").asLong(0),
        status.path("availableReplicas").asLong(0),
        HumanDuration.since(deployment.path("metadata").path("creationTimestamp").asString(""), now),
        Workloads.containerNames(deployment),
        Workloads.containerImages(deployment),
        selector);
  }
}
