package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.Quantity;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** {@code kctl describe} for nodes and namespaces. */
final class ClusterDescriber {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

  private ClusterDescriber() {}

  static String namespace(JsonNode ns, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = ns.path("metadata");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "Status:\t%s\n", ns.path("status").path("phase").asString(""));
    JsonNode conditions = ns.path("status").path("conditions");
    if (!conditions.isEmpty()) {
      w.w(0, "Conditions:\n");
      w.w(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.w(1, "----\t------\t------------------\t------\t-------\n");
      for (JsonNode c : conditions) {
        w.w(1, "%s\t%s\t%s\t%s\t%s\n", c.path("type").asString(""), c.path("status").asString(""),
            Ages.rfc1123(c.path("lastTransitionTime").asString("")), c.path("reason").asString(""),
            c.path("message").asString(""));
      }
    }
    return w.text();
  }

  static String node(JsonNode node, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = node.path("metadata");
    JsonNode spec = node.path("spec");
    JsonNode status = node.path("status");
    String name = metadata.path("name").asString("");
    w.w(0, "Name:\t%s\n", name);
    TreeSet<String> roles = new TreeSet<>();
    for (var label : DescribeWriter.sorted(metadata.path("labels")).entrySet()) {
      if (label.getKey().startsWith(ROLE_PREFIX) && label.getKey().length() > ROLE_PREFIX.length()) {
        roles.add(label.getKey().substring(ROLE_PREFIX.length()));
      } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().isEmpty()) {
        roles.add(label.getValue());
      }
    }
    w.w(0, "Roles:\t%s\n", roles.isEmpty() ? DescribeWriter.NONE : String.join(",", roles));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "CreationTimestamp:\t%s\n", Ages.rfc1123(metadata.path("creationTimestamp").asString("")));
    taints(w, spec.path("taints"));
    w.w(0, "Unschedulable:\t%s\n", spec.path("unschedulable").asBoolean(false));
    lease(w, name, context);
    JsonNode conditions = status.path("conditions");
    if (!conditions.isEmpty()) {
      w.w(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (JsonNode c : conditions) {
        w.w(1, "%s \t%s \t%s \t%s \t%s \t%s\n", c.path("type").asString(""), c.path("status").asString(""),
            Ages.rfc1123(c.path("lastHeartbeatTime").asString("")),
            Ages.rfc1123(c.path("lastTransitionTime").asString("")), c.path("reason").asString(""),
            c.path("message").asString(""));
      }
    }
    w.w(0, "Addresses:\n");
    for (JsonNode address : status.path("addresses")) {
      w.w(1, "%s:\t%s\n", address.path("type").asString(""), address.path("address").asString(""));
    }
    resourceList(w, "Capacity", status.path("capacity"));
    resourceList(w, "Allocatable", status.path("allocatable"));
    JsonNode info = status.path("nodeInfo");
    w.w(0, "System Info:\n");
    for (String[] field : new String[][] {{"Machine ID", "machineID"}, {"System UUID", "systemUUID"},
        {"Boot ID", "bootID"}, {"Kernel Version", "kernelVersion"}, {"OS Image", "osImage"},
        {"Operating System", "operatingSystem"}, {"Architecture", "architecture"},
        {"Container Runtime Version", "containerRuntimeVersion"}, {"Kubelet Version", "kubeletVersion"}}) {
      w.w(0, "  %s:\t%s\n", field[0], info.path(field[1]).asString(""));
    }
    if (!spec.path("podCIDR").asString("").isEmpty()) {
      w.w(0, "PodCIDR:\t%s\n", spec.path("podCIDR").asString());
    }
    if (!spec.path("providerID").asString("").isEmpty()) {
      w.w(0, "ProviderID:\t%s\n", spec.path("providerID").asString());
    }
    pods(w, node, context);
    if (context.showEvents()) {
      List<JsonNode> events = new ArrayList<>(context.events(node, ResourceTypes.NODES, true));
      // kubelets record node events with the node's name as uid, controllers with its uid.
      events.addAll(context.events(node, ResourceTypes.NODES, true, name));
      w.events(events);
    }
    return w.text();
  }

  private static void taints(DescribeWriter w, JsonNode taints) {
    w.writeTitle("Taints");
    if (taints.isEmpty()) {
      w.writeLine(DescribeWriter.NONE);
      return;
    }
    List<JsonNode> sorted = new ArrayList<>();
    taints.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparing(t -> t.path("effect").asString("") + "," + t.path("key").asString("")));
    boolean first = true;
    for (JsonNode t : sorted) {
      String value = t.path("value").asString("");
      w.writeLine((first ? "" : "\t") + t.path("key").asString("") + (value.isEmpty() ? "" : "=" + value)
          + ":" + t.path("effect").asString(""));
      first = false;
    }
  }

  private static void lease(DescribeWriter w, String node, DescribeContext context) {
    try {
      JsonNode spec = context.client().get(ResourceTypes.LEASES, "kube-node-lease", node).path("spec");
      w.w(0, "Lease:\n");
      w.w(1, "HolderIdentity:\t%s\n", spec.path("holderIdentity").asString("<unset>"));
      String acquire = spec.path("acquireTime").asString("");
      w.w(1, "AcquireTime:\t%s\n", acquire.isEmpty() ? "<unset>" : Ages.rfc1123(acquire));
      String renew = spec.path("renewTime").asString("");
      w.w(1, "RenewTime:\t%s\n", renew.isEmpty() ? "<unset>" : Ages.rfc1123(renew));
    } catch (ApiException e) {
      w.w(0, "Lease:\tFailed to get lease: %s\n", e.getMessage());
    }
  }

  private static void resourceList(DescribeWriter w, String title, JsonNode resources) {
    Map<String, String> sorted = DescribeWriter.sorted(resources);
    if (sorted.isEmpty()) {
      return;
    }
    w.w(0, "%s:\n", title);
    sorted.forEach((resource, value) -> w.w(0, "  %s:\t%s\n", resource, value));
  }

  private static void pods(DescribeWriter w, JsonNode node, DescribeContext context) {
    String selector = "spec.nodeName=" + node.path("metadata").path("name").asString("")
        + ",status.phase!=Succeeded,status.phase!=Failed";
    List<JsonNode> pods = new ArrayList<>();
    context.client().list(ResourceTypes.PODS, null, ListOptions.NONE.withFieldSelector(selector))
        .path("items").forEach(pods::add);
    JsonNode allocatable = node.path("status").path("allocatable").isEmpty()
        ? node.path("status").path("capacity") : node.path("status").path("allocatable");
    Quantity cpu = quantity(allocatable.path("cpu"));
    Quantity memory = quantity(allocatable.path("memory"));
    w.w(0, "Non-terminated Pods:\t(%d in total)\n", pods.size());
    w.w(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.w(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    Quantity[] totals = {Quantity.ZERO, Quantity.ZERO, Quantity.ZERO, Quantity.ZERO};
    for (JsonNode pod : pods) {
      Quantity[] amounts = {sum(pod, "requests", "cpu"), sum(pod, "limits", "cpu"),
          sum(pod, "requests", "memory"), sum(pod, "limits", "memory")};
      for (int i = 0; i < 4; i++) {
        totals[i] = totals[i].plus(amounts[i]);
      }
      w.w(1, "%s\t%s\t\t%s\t%s\t%s\t%s\t%s\n", pod.path("metadata").path("namespace").asString(""),
          pod.path("metadata").path("name").asString(""), cpuShare(amounts[0], cpu), cpuShare(amounts[1], cpu),
          memoryShare(amounts[2], memory), memoryShare(amounts[3], memory),
          Ages.since(pod.path("metadata").path("creationTimestamp").asString(""), w.now()));
    }
    w.w(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    w.w(1, "cpu\t%s\t%s\n", cpuShare(totals[0], cpu), cpuShare(totals[1], cpu));
    w.w(1, "memory\t%s\t%s\n", memoryShare(totals[2], memory), memoryShare(totals[3], memory));
    w.w(1, "%s\t%s\t%s\n", "ephemeral-storage", "0 (0%)", "0 (0%)");
  }

  private static Quantity sum(JsonNode pod, String kind, String resource) {
    Quantity total = Quantity.ZERO;
    for (JsonNode container : pod.path("spec").path("containers")) {
      total = total.plus(quantity(container.path("resources").path(kind).path(resource)));
    }
    return total;
  }

  private static Quantity quantity(JsonNode value) {
    try {
      return value.isMissingNode() || value.isNull() ? Quantity.ZERO : Quantity.parse(value.asString(""));
    } catch (IllegalArgumentException e) {
      return Quantity.ZERO;
    }
  }

  private static String cpuShare(Quantity amount, Quantity of) {
    long millis = amount.milliValue();
    String text = millis == 0 ? "0" : millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    long percent = of.milliValue() == 0 ? 0 : millis * 100 / of.milliValue();
    return text + " (" + percent + "%)";
  }

  private static String memoryShare(Quantity amount, Quantity of) {
    long bytes = amount.value();
    long percent = of.value() == 0 ? 0 : (long) (bytes * 100.0 / of.value());
    return memory(bytes) + " (" + percent + "%)";
  }

  /** Bytes with the largest binary suffix that divides them exactly, as Kubernetes prints Mi and Gi. */
  static String memory(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < suffixes.length; i++) {
      long unit = 1L << (10 * (6 - i));
      if (bytes % unit == 0) {
        return bytes / unit + suffixes[i];
      }
    }
    return BigDecimal.valueOf(bytes).toPlainString();
  }
}
