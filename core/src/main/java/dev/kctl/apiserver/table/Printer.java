package dev.kctl.apiserver.table;

import dev.kctl.api.ResourceType;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The columns of one kind and how to fill them from an object, as kube-apiserver's printers do
 * ({@code pkg/printers/internalversion/printers.go}). The server always fills every column,
 * wide ones included; kubectl hides priority 1 columns unless asked for {@code -o wide}.
 */
sealed interface Printer
    permits PodPrinter, DeploymentPrinter, ReplicaSetPrinter, DaemonSetPrinter, JobPrinter, NodePrinter,
        NamespacePrinter, EventPrinter, ServicePrinter, EndpointsPrinter, EndpointSlicePrinter,
        ConfigMapPrinter, SecretPrinter, LeasePrinter, DefaultPrinter {

  List<Column> columns();

  /** One cell per column, each a {@code String} or a {@code Long}. */
  List<Object> cells(JsonNode object, Instant now);

  /** The row's {@code conditions}, such as {@code Completed} for a finished pod; usually none. */
  default List<ObjectNode> conditions(JsonNode object) {
    return List.of();
  }

  static Printer of(ResourceType type) {
    return switch (type.qualifiedResource()) {
      case "pods" -> new PodPrinter();
      case "deployments.apps" -> new DeploymentPrinter();
      case "replicasets.apps" -> new ReplicaSetPrinter();
      case "nodes" -> new NodePrinter();
      case "namespaces" -> new NamespacePrinter();
      case "events" -> new EventPrinter();
      case "services" -> new ServicePrinter();
      case "endpoints" -> new EndpointsPrinter();
      case "configmaps" -> new ConfigMapPrinter();
      case "secrets" -> new SecretPrinter();
      case "daemonsets.apps" -> new DaemonSetPrinter();
      case "jobs.batch" -> new JobPrinter();
      case "leases.coordination.k8s.io" -> new LeasePrinter();
      case "endpointslices.discovery.k8s.io" -> new EndpointSlicePrinter();
      default -> new DefaultPrinter();
    };
  }
}
