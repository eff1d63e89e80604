package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME. STATUS is {@code Ready}, {@code NotReady} or {@code Unknown} (no Ready
 * condition), with {@code ,SchedulingDisabled} for a cordoned node.
 */
final class NodePrinter implements Printer {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";

  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the node."),
      Column.text("Status", "Whether the node is ready and schedulable."),
      Column.text("Roles", "The roles its labels give the node."),
      Column.age(),
      Column.text("Version", "The version the node agent reports."),
      Column.wide("Internal-IP", "The node's first internal address."),
      Column.wide("External-IP", "The node's first external address."),
      Column.wide("OS-Image", "The operating system the node reports."),
      Column.wide("Kernel-Version", "The kernel version the node reports."),
      Column.wide("Container-Runtime", "The runtime that runs the node's pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode node, Instant now) {
    JsonNode info = node.path("status").path("nodeInfo");
    return List.of(
        node.path("metadata").path("name").asString(""),
        status(node),
        roles(node),
        HumanDuration.since(node.path("metadata").path("creationTimestamp").asString(""), now),
        info.path("kubeletVersion").asString(""),
        address(node, "InternalIP"),
        address(node, "ExternalIP"),
        orUnknown(info.path("osImage").asString("")),
        orUnknown(info.path("kernelVersion").asString("")),
        orUnknown(info.path("containerRuntimeVersion").asString("")));
  }

  private static String status(JsonNode node) {
    // The last Ready condition wins, as when conditions are collected into a map by type.
    String ready = null;
    for (JsonNode condition : node.path("status").path("conditions")) {
      if (condition.path("type").asString("").equals("Ready")) {
        ready = condition.path("status").asString("").equals("True") ? "Ready" : "NotReady";
      }
    }
    String status = ready == null ? "Unknown" : ready;
    return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
  }

  private static String roles(JsonNode node) {
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
      String key = label.getKey();
      String value = label.getValue().asString("");
      if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
        roles.add(key.substring(ROLE_PREFIX.length()));
      } else if (key.equals(ROLE_LABEL) && !value.isEmpty()) {
        roles.add(value);
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (address.path("type").asString("").equals(type)) {
        return address.path("address").asString("");
      }
    }
    return "<none>";
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? "<unknown>" : value;
  }
}
