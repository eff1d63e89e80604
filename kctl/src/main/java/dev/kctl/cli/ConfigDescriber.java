package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code kctl describe} for services, config maps, secrets, and any other kind (generically). */
final class ConfigDescriber {
  private ConfigDescriber() {}

  static String service(JsonNode service, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = service.path("metadata");
    JsonNode spec = service.path("spec");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "Selector:\t%s\n", DescribeWriter.formatLabels(spec.path("selector")).replace(DescribeWriter.NONE, ""));
    w.w(0, "Type:\t%s\n", spec.path("type").asString(""));
    if (spec.has("ipFamilyPolicy")) {
      w.w(0, "IP Family Policy:\t%s\n", spec.path("ipFamilyPolicy").asString());
    }
    w.w(0, "IP Families:\t%s\n", join(spec.path("ipFamilies"), ","));
    w.w(0, "IP:\t%s\n", spec.path("clusterIP").asString(""));
    w.w(0, "IPs:\t%s\n", join(spec.path("clusterIPs"), ","));
    if (!spec.path("externalIPs").isEmpty()) {
      w.w(0, "External IPs:\t%s\n", join(spec.path("externalIPs"), ","));
    }
    if (!spec.path("externalName").asString("").isEmpty()) {
      w.w(0, "External Name:\t%s\n", spec.path("externalName").asString());
    }
    List<JsonNode> slices = new ArrayList<>();
    context.client().list(ResourceTypes.ENDPOINTSLICES, metadata.path("namespace").asString(""),
        ListOptions.NONE.withLabelSelector("kubernetes.io/service-name=" + metadata.path("name").asString("")))
        .path("items").forEach(slices::add);
    for (JsonNode port : spec.path("ports")) {
      String name = port.path("name").asString("");
      String protocol = port.path("protocol").asString("TCP");
      String shown = name.isEmpty() ? "<unset>" : name;
      w.w(0, "Port:\t%s\t%d/%s\n", shown, port.path("port").asInt(), protocol);
      w.w(0, "TargetPort:\t%s/%s\n", port.path("targetPort").asString(""), protocol);
      if (port.path("nodePort").asInt(0) != 0) {
        w.w(0, "NodePort:\t%s\t%d/%s\n", shown, port.path("nodePort").asInt(), protocol);
      }
      w.w(0, "Endpoints:\t%s\n", endpoints(slices, name));
    }
    w.w(0, "Session Affinity:\t%s\n", spec.path("sessionAffinity").asString(""));
    if (!spec.path("externalTrafficPolicy").asString("").isEmpty()) {
      w.w(0, "External Traffic Policy:\t%s\n", spec.path("externalTrafficPolicy").asString());
    }
    if (spec.has("internalTrafficPolicy")) {
      w.w(0, "Internal Traffic Policy:\t%s\n", spec.path("internalTrafficPolicy").asString());
    }
    if (context.showEvents()) {
      w.events(context.events(service, ResourceTypes.SERVICES, true));
    }
    return w.text();
  }

  /** Ready endpoints of the named port as {@code ip:port,...}, at most three and a count. */
  private static String endpoints(List<JsonNode> slices, String portName) {
    if (slices.isEmpty()) {
      return DescribeWriter.NONE;
    }
    List<String> shown = new ArrayList<>();
    int count = 0;
    for (JsonNode slice : slices) {
      for (JsonNode port : slice.path("ports")) {
        if (!port.path("name").asString("").equals(portName)) {
          continue;
        }
        for (JsonNode endpoint : slice.path("endpoints")) {
          if (!endpoint.path("conditions").path("ready").asBoolean(true)) {
            continue;
          }
          if (shown.size() < 3) {
            shown.add(endpoint.path("addresses").path(0).asString("") + ":" + port.path("port").asInt());
          }
          count++;
        }
      }
    }
    String text = String.join(",", shown);
    return count > 3 ? text + " + " + (count - 3) + " more..." : text;
  }

  static String configMap(JsonNode configMap, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = configMap.path("metadata");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "\nData\n====\n");
    DescribeWriter.sorted(configMap.path("data")).forEach((key, value) -> {
      w.w(0, "%s:\n----\n", key);
      w.w(0, "%s\n", value);
      w.w(0, "\n");
    });
    w.w(0, "\nBinaryData\n====\n");
    DescribeWriter.sorted(configMap.path("binaryData")).forEach((key, value) ->
        w.w(0, "%s: %d bytes\n", key, Base64.getDecoder().decode(value).length));
    w.w(0, "\n");
    if (context.showEvents()) {
      w.events(context.events(configMap, ResourceTypes.CONFIGMAPS, true));
    }
    return w.text();
  }

  static String secret(JsonNode secret, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = secret.path("metadata");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "\nType:\t%s\n", secret.path("type").asString(""));
    w.w(0, "\nData\n====\n");
    DescribeWriter.sorted(secret.path("data")).forEach((key, value) ->
        w.w(0, "%s:\t%d bytes\n", key, Base64.getDecoder().decode(value).length));
    return w.text();
  }

  /** Kinds without a describer of their own: metadata, then the events. */
  static String generic(JsonNode object, ResourceType type, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = object.path("metadata");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    if (type.namespaced()) {
      w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    }
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "API Version:\t%s\n", type.apiVersion());
    w.w(0, "Kind:\t%s\n", type.kind());
    if (context.showEvents()) {
      w.events(context.events(object, type, true));
    }
    return w.text();
  }

  private static String join(JsonNode values, String separator) {
    List<String> texts = new ArrayList<>();
    values.forEach(v -> texts.add(v.asString("")));
    return texts.isEmpty() ? DescribeWriter.NONE : String.join(separator, texts);
  }
}
