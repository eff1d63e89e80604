package dev.kctl.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. PORT(S) reads
 * {@code 80/TCP}, or {@code 80:30080/TCP} with a node port; a load balancer still waiting for an
 * address shows {@code <pending>}.
 */
final class ServicePrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the service, unique in its namespace."),
      Column.text("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
      Column.text("Cluster-IP", "The virtual address of the service inside the cluster."),
      Column.text("External-IP", "Addresses the service is reachable at from outside the cluster."),
      Column.text("Port(s)", "The ports the service exposes, with node ports and protocols."),
      Column.age(),
      Column.wide("Selector", "Labels of the pods that back the service."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode service, Instant now) {
    JsonNode spec = service.path("spec");
    String ports = ports(spec.path("ports"));
    return List.of(
        Workloads.name(service),
        spec.path("type").asString(""),
        clusterIp(spec),
        externalIp(service),
        ports.isEmpty() ? "<none>" : ports,
        Workloads.age(service, now),
        Workloads.formatLabels(spec.path("selector")));
  }

  /**
   * The first of {@code clusterIPs}; kube-apiserver keeps {@code clusterIP} equal to it, so an
   * object that carries only {@code clusterIP} prints the same.
   */
  private static String clusterIp(JsonNode spec) {
    String first = spec.path("clusterIPs").path(0).asString("");
    if (first.isEmpty()) {
      first = spec.path("clusterIP").asString("");
    }
    return first.isEmpty() ? "<none>" : first;
  }

  private static String externalIp(JsonNode service) {
    JsonNode spec = service.path("spec");
    List<String> externalIps = strings(spec.path("externalIPs"));
    return switch (spec.path("type").asString("")) {
      case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
      case "LoadBalancer" -> {
        String balancers = loadBalancerAddresses(service.path("status").path("loadBalancer"));
        if (!externalIps.isEmpty()) {
          List<String> all = new ArrayList<>();
          if (!balancers.isEmpty()) {
            all.addAll(List.of(balancers.split(",")));
          }
          all.addAll(externalIps);
          yield String.join(",", all);
        }
        yield balancers.isEmpty() ? "<pending>" : balancers;
      }
      case "ExternalName" -> spec.path("externalName").asString("");
      default -> "<unknown>";
    };
  }

  /**
   * The ingress points' IPs, or host names where there is no IP, sorted and without duplicates.
   * Tables are always built wide, so the list is never clipped.
   */
  private static String loadBalancerAddresses(JsonNode status) {
    TreeSet<String> addresses = new TreeSet<>();
    for (JsonNode ingress : status.path("ingress")) {
      String ip = ingress.path("ip").asString("");
      String hostname = ingress.path("hostname").asString("");
      if (!ip.isEmpty()) {
        addresses.add(ip);
      } else if (!hostname.isEmpty()) {
        addresses.add(hostname);
      }
    }
    return String.join(",", addresses);
  }

  private static String ports(JsonNode ports) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode port : ports) {
      long number = port.path("port").asLong(0);
      long nodePort = port.path("nodePort").asLong(0);
      String protocol = port.path("protocol").asString("");
      pieces.add(nodePort > 0 ? number + ":" + nodePort + "/" + protocol : number + "/" + protocol);
    }
    return String.join(",", pieces);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString("")));
    return values;
  }
}
