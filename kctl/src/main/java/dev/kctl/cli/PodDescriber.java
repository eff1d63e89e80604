package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code kctl describe pod}, and the container and pod-template sections workloads share. */
final class PodDescriber {
  private PodDescriber() {}

  static String describe(JsonNode pod, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = pod.path("metadata");
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    if (spec.has("priority")) {
      w.w(0, "Priority:\t%d\n", spec.path("priority").asLong());
    }
    if (!spec.path("priorityClassName").asString("").isEmpty()) {
      w.w(0, "Priority Class Name:\t%s\n", spec.path("priorityClassName").asString());
    }
    if (!spec.path("serviceAccountName").asString("").isEmpty()) {
      w.w(0, "Service Account:\t%s\n", spec.path("serviceAccountName").asString());
    }
    String node = spec.path("nodeName").asString("");
    w.w(0, node.isEmpty() ? "Node:\t<none>\n" : "Node:\t%s\n", node + "/" + status.path("hostIP").asString(""));
    if (!status.path("startTime").asString("").isEmpty()) {
      w.w(0, "Start Time:\t%s\n", Ages.rfc1123(status.path("startTime").asString()));
    }
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    String phase = status.path("phase").asString("");
    if (metadata.has("deletionTimestamp") && !phase.equals("Failed") && !phase.equals("Succeeded")) {
      w.w(0, "Status:\tTerminating (lasts %s)\n", Ages.since(metadata.path("deletionTimestamp").asString(), context.now()));
      w.w(0, "Termination Grace Period:\t%ds\n", metadata.path("deletionGracePeriodSeconds").asLong());
    } else {
      w.w(0, "Status:\t%s\n", phase);
    }
    if (!status.path("reason").asString("").isEmpty()) {
      w.w(0, "Reason:\t%s\n", status.path("reason").asString());
    }
    if (!status.path("message").asString("").isEmpty()) {
      w.w(0, "Message:\t%s\n", status.path("message").asString());
    }
    w.w(0, "IP:\t%s\n", status.path("podIP").asString(""));
    if (status.path("podIPs").isEmpty()) {
      w.w(0, "IPs:\t<none>\n");
    } else {
      w.w(0, "IPs:\n");
      status.path("podIPs").forEach(ip -> w.w(1, "IP:\t%s\n", ip.path("ip").asString("")));
    }
    String controller = DescribeContext.controlledBy(pod);
    if (!controller.isEmpty()) {
      w.w(0, "Controlled By:\t%s\n", controller);
    }
    if (!spec.path("initContainers").isEmpty()) {
      containers(w, "Init Containers", spec.path("initContainers"), status.path("initContainerStatuses"), "", pod);
    }
    containers(w, "Containers", spec.path("containers"), status.path("containerStatuses"), "", pod);
    if (!status.path("conditions").isEmpty()) {
      w.w(0, "Conditions:\n  Type\tStatus\n");
      for (JsonNode c : status.path("conditions")) {
        w.w(1, "%s \t%s \n", c.path("type").asString(""), c.path("status").asString(""));
      }
    }
    volumes(w, spec.path("volumes"), "");
    w.w(0, "QoS Class:\t%s\n", qosClass(pod));
    w.labels("Node-Selectors", spec.path("nodeSelector"));
    tolerations(w, "Tolerations", spec.path("tolerations"));
    if (context.showEvents()) {
      w.events(context.events(pod, ResourceTypes.PODS, false));
    }
    return w.text();
  }

  /** The Pod Template section of deployments, replica sets, daemon sets and jobs. */
  static void template(DescribeWriter w, JsonNode template) {
    w.w(0, "Pod Template:\n");
    JsonNode spec = template.path("spec");
    w.labels("  Labels", template.path("metadata").path("labels"));
    if (!template.path("metadata").path("annotations").isEmpty()) {
      w.annotations("  Annotations", template.path("metadata").path("annotations"));
    }
    if (!spec.path("serviceAccountName").asString("").isEmpty()) {
      w.w(1, "Service Account:\t%s\n", spec.path("serviceAccountName").asString());
    }
    if (!spec.path("initContainers").isEmpty()) {
      containers(w, "Init Containers", spec.path("initContainers"), null, "  ", null);
    }
    containers(w, "Containers", spec.path("containers"), null, "  ", null);
    volumes(w, spec.path("volumes"), "  ");
    if (!spec.path("priorityClassName").asString("").isEmpty()) {
      w.w(1, "Priority Class Name:\t%s\n", spec.path("priorityClassName").asString());
    }
    w.labels("  Node-Selectors", spec.path("nodeSelector"));
    tolerations(w, "  Tolerations", spec.path("tolerations"));
  }

  /** @param pod the pod whose fields env references resolve against; null for templates */
  private static void containers(DescribeWriter w, String label, JsonNode containers, JsonNode statuses,
      String space, JsonNode pod) {
    Map<String, JsonNode> byName = new HashMap<>();
    if (statuses != null) {
      statuses.forEach(s -> byName.put(s.path("name").asString(""), s));
    }
    w.w(0, "%s%s:%s\n", space, label, containers.isEmpty() ? " <none>" : "");
    for (JsonNode container : containers) {
      JsonNode status = byName.get(container.path("name").asString(""));
      w.w(1, "%s%s:\n", space.isEmpty() ? "" : " ", container.path("name").asString(""));
      if (status != null) {
        w.w(2, "Container ID:\t%s\n", status.path("containerID").asString(""));
      }
      w.w(2, "Image:\t%s\n", container.path("image").asString(""));
      if (status != null) {
        w.w(2, "Image ID:\t%s\n", status.path("imageID").asString(""));
      }
      String ports = ports(container.path("ports"), "containerPort");
      w.w(2, ports.contains(",") ? "Ports:\t%s\n" : "Port:\t%s\n", ports.isEmpty() ? DescribeWriter.NONE : ports);
      String hostPorts = ports(container.path("ports"), "hostPort");
      w.w(2, hostPorts.contains(",") ? "Host Ports:\t%s\n" : "Host Port:\t%s\n",
          hostPorts.isEmpty() ? DescribeWriter.NONE : hostPorts);
      lines(w, "Command", container.path("command"));
      lines(w, "Args", container.path("args"));
      if (status != null) {
        state(w, "State", status.path("state"));
        if (status.path("lastState").has("terminated")) {
          state(w, "Last State", status.path("lastState"));
        }
        w.w(2, "Ready:\t%s\n", status.path("ready").asBoolean(false) ? "True" : "False");
        w.w(2, "Restart Count:\t%d\n", status.path("restartCount").asInt(0));
      }
      resources(w, container.path("resources"));
      probe(w, "Liveness", container.path("livenessProbe"));
      probe(w, "Readiness", container.path("readinessProbe"));
      probe(w, "Startup", container.path("startupProbe"));
      if (!container.path("envFrom").isEmpty()) {
        w.w(2, "Environment Variables from:\n");
        for (JsonNode from : container.path("envFrom")) {
          boolean configMap = from.has("configMapRef");
          JsonNode ref = configMap ? from.path("configMapRef") : from.path("secretRef");
          String prefix = from.path("prefix").asString("");
          w.w(3, "%s\t%s%s\tOptional: %s\n", ref.path("name").asString(""), configMap ? "ConfigMap" : "Secret",
              prefix.isEmpty() ? "" : " with prefix '" + prefix + "'", ref.path("optional").asBoolean(false));
        }
      }
      environment(w, container.path("env"), pod);
      mounts(w, container.path("volumeMounts"));
    }
  }

  /** {@code 8080/TCP, 8443/TCP}: kubectl 1.32 prints ports without their names. */
  private static String ports(JsonNode ports, String field) {
    List<String> texts = new ArrayList<>();
    for (JsonNode port : ports) {
      texts.add(port.path(field).asInt(0) + "/" + port.path("protocol").asString("TCP"));
    }
    return String.join(", ", texts);
  }

  private static void lines(DescribeWriter w, String title, JsonNode values) {
    if (values.isEmpty()) {
      return;
    }
    w.w(2, "%s:\n", title);
    for (JsonNode value : values) {
      for (String line : value.asString("").split("\n", -1)) {
        w.w(3, "%s\n", line);
      }
    }
  }

  private static void state(DescribeWriter w, String title, JsonNode state) {
    if (state.has("running")) {
      w.w(2, "%s:\tRunning\n", title);
      w.w(3, "Started:\t%s\n", Ages.rfc1123(state.path("running").path("startedAt").asString("")));
    } else if (state.has("terminated")) {
      JsonNode t = state.path("terminated");
      w.w(2, "%s:\tTerminated\n", title);
      if (!t.path("reason").asString("").isEmpty()) {
        w.w(3, "Reason:\t%s\n", t.path("reason").asString());
      }
      if (!t.path("message").asString("").isEmpty()) {
        w.w(3, "Message:\t%s\n", t.path("message").asString());
      }
      w.w(3, "Exit Code:\t%d\n", t.path("exitCode").asInt(0));
      if (t.path("signal").asInt(0) > 0) {
        w.w(3, "Signal:\t%d\n", t.path("signal").asInt());
      }
      w.w(3, "Started:\t%s\n", Ages.rfc1123(t.path("startedAt").asString("")));
      w.w(3, "Finished:\t%s\n", Ages.rfc1123(t.path("finishedAt").asString("")));
    } else {
      w.w(2, "%s:\tWaiting\n", title);
      String reason = state.path("waiting").path("reason").asString("");
      if (!reason.isEmpty()) {
        w.w(3, "Reason:\t%s\n", reason);
      }
    }
  }

  private static void resources(DescribeWriter w, JsonNode resources) {
    for (String kind : List.of("limits", "requests")) {
      Map<String, String> sorted = DescribeWriter.sorted(resources.path(kind));
      if (!sorted.isEmpty()) {
        w.w(2, "%s:\n", kind.equals("limits") ? "Limits" : "Requests");
        sorted.forEach((name, value) -> w.w(3, "%s:\t%s\n", name, value));
      }
    }
  }

  private static void probe(DescribeWriter w, String title, JsonNode probe) {
    if (probe.isMissingNode() || probe.isNull()) {
      return;
    }
    String attrs = "delay=%ds timeout=%ds period=%ds #success=%d #failure=%d".formatted(
        probe.path("initialDelaySeconds").asInt(0), probe.path("timeoutSeconds").asInt(1),
        probe.path("periodSeconds").asInt(10), probe.path("successThreshold").asInt(1),
        probe.path("failureThreshold").asInt(3));
    String text;
    if (probe.has("exec")) {
      List<String> command = new ArrayList<>();
      probe.path("exec").path("command").forEach(c -> command.add(c.asString("")));
      text = "exec [" + String.join(" ", command) + "] " + attrs;
    } else if (probe.has("httpGet")) {
      JsonNode get = probe.path("httpGet");
      String scheme = get.path("scheme").asString("HTTP").toLowerCase(java.util.Locale.ROOT);
      text = "http-get " + scheme + "://" + get.path("host").asString("") + ":" + get.path("port").asString("")
          + get.path("path").asString("") + " " + attrs;
    } else if (probe.has("tcpSocket")) {
      JsonNode tcp = probe.path("tcpSocket");
      text = "tcp-socket " + tcp.path("host").asString("") + ":" + tcp.path("port").asString("") + " " + attrs;
    } else {
      text = "unknown " + attrs;
    }
    w.w(2, "%s:\t%s\n", title, text);
  }

  private static void environment(DescribeWriter w, JsonNode env, JsonNode pod) {
    w.w(2, env.isEmpty() ? "Environment:\t<none>\n" : "Environment:\n");
    for (JsonNode e : env) {
      String name = e.path("name").asString("");
      JsonNode from = e.path("valueFrom");
      if (from.isMissingNode() || from.isNull()) {
        String[] lines = e.path("value").asString("").split("\n", -1);
        w.w(3, "%s:\t%s\n", name, lines[0]);
        for (int i = 1; i < lines.length; i++) {
          w.w(3, "\t%s\n", lines[i]);
        }
      } else if (from.has("fieldRef")) {
        String fieldPath = from.path("fieldRef").path("fieldPath").asString("");
        String value = pod == null ? "" : pod.at("/" + fieldPath.replace('.', '/')).asString("");
        w.w(3, "%s:\t%s (%s:%s)\n", name, value, from.path("fieldRef").path("apiVersion").asString("v1"), fieldPath);
      } else if (from.has("resourceFieldRef")) {
        w.w(3, "%s:\t (%s)\n", name, from.path("resourceFieldRef").path("resource").asString(""));
      } else if (from.has("secretKeyRef")) {
        JsonNode ref = from.path("secretKeyRef");
        w.w(3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", name, ref.path("key").asString(""),
            ref.path("name").asString(""), ref.path("optional").asBoolean(false));
      } else if (from.has("configMapKeyRef")) {
        JsonNode ref = from.path("configMapKeyRef");
        w.w(3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", name, ref.path("key").asString(""),
            ref.path("name").asString(""), ref.path("optional").asBoolean(false));
      }
    }
  }

  private static void mounts(DescribeWriter w, JsonNode mounts) {
    w.w(2, mounts.isEmpty() ? "Mounts:\t<none>\n" : "Mounts:\n");
    List<JsonNode> sorted = new ArrayList<>();
    mounts.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparing(m -> m.path("mountPath").asString("")));
    for (JsonNode mount : sorted) {
      String flags = mount.path("readOnly").asBoolean(false) ? "ro" : "rw";
      if (!mount.path("subPath").asString("").isEmpty()) {
        flags += ",path=\"" + mount.path("subPath").asString() + "\"";
      }
      w.w(3, "%s from %s (%s)\n", mount.path("mountPath").asString(""), mount.path("name").asString(""), flags);
    }
  }

  private static void volumes(DescribeWriter w, JsonNode volumes, String space) {
    if (volumes.isEmpty()) {
      w.w(0, "%sVolumes:\t<none>\n", space);
      return;
    }
    w.w(0, "%sVolumes:\n", space);
    for (JsonNode volume : volumes) {
      w.w(1, "%s%s:\n", space.isEmpty() ? "" : " ", volume.path("name").asString(""));
      if (volume.has("emptyDir")) {
        JsonNode dir = volume.path("emptyDir");
        w.w(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
        w.w(2, "Medium:\t%s\n", dir.path("medium").asString(""));
        w.w(2, "SizeLimit:\t%s\n", dir.path("sizeLimit").asString("<unset>"));
      } else if (volume.has("configMap")) {
        w.w(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
        w.w(2, "Name:\t%s\n", volume.path("configMap").path("name").asString(""));
        w.w(2, "Optional:\t%s\n", volume.path("configMap").path("optional").asBoolean(false));
      } else if (volume.has("secret")) {
        w.w(2, "Type:\tSecret (a volume populated by a Secret)\n");
        w.w(2, "SecretName:\t%s\n", volume.path("secret").path("secretName").asString(""));
        w.w(2, "Optional:\t%s\n", volume.path("secret").path("optional").asBoolean(false));
      } else if (volume.has("hostPath")) {
        w.w(2, "Type:\tHostPath (bare host directory volume)\n");
        w.w(2, "Path:\t%s\n", volume.path("hostPath").path("path").asString(""));
        w.w(2, "HostPathType:\t%s\n", volume.path("hostPath").path("type").asString("<none>"));
      } else {
        w.w(1, "<unknown>\n");
      }
    }
  }

  private static void tolerations(DescribeWriter w, String title, JsonNode tolerations) {
    w.writeTitle(title);
    if (tolerations.isEmpty()) {
      w.writeLine(DescribeWriter.NONE);
      return;
    }
    List<JsonNode> sorted = new ArrayList<>();
    tolerations.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparing(t -> t.path("key").asString("")));
    boolean first = true;
    for (JsonNode t : sorted) {
      StringBuilder text = new StringBuilder(first ? "" : "\t");
      first = false;
      String key = t.path("key").asString("");
      String value = t.path("value").asString("");
      String effect = t.path("effect").asString("");
      text.append(key);
      if (!value.isEmpty()) {
        text.append('=').append(value);
      }
      if (!effect.isEmpty()) {
        text.append(':').append(effect);
      }
      if (t.path("operator").asString("").equals("Exists") && value.isEmpty()) {
        text.append(key.isEmpty() && effect.isEmpty() ? "op=Exists" : " op=Exists");
      }
      if (t.has("tolerationSeconds")) {
        text.append(" for ").append(t.path("tolerationSeconds").asLong()).append('s');
      }
      w.writeLine(text.toString());
    }
  }

  /** kubectl's QoS class: the server's, else Guaranteed, Burstable or BestEffort from resources. */
  static String qosClass(JsonNode pod) {
    String given = pod.path("status").path("qosClass").asString("");
    if (!given.isEmpty()) {
      return given;
    }
    boolean any = false;
    boolean guaranteed = true;
    for (JsonNode c : pod.path("spec").path("containers")) {
      JsonNode limits = c.path("resources").path("limits");
      JsonNode requests = c.path("resources").path("requests");
      any |= !limits.isEmpty() || !requests.isEmpty();
      for (String r : List.of("cpu", "memory")) {
        if (!limits.has(r) || (requests.has(r) && !requests.path(r).equals(limits.path(r)))) {
          guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
