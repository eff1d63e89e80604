package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A field selector ({@code spec.nodeName=node-1,status.phase!=Failed}) over the fields Kubernetes
 * lets each kind select on. Unknown fields are a 400, as in kube-apiserver, rather than silently
 * matching nothing.
 */
record FieldSelector(List<Term> terms) {
  record Term(String field, String value, boolean negated) {}

  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
  private static final Set<String> POD = Set.of(
      "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
      "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName");
  private static final Set<String> EVENT = Set.of(
      "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
      "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
      "reason", "reportingComponent", "source", "type");

  FieldSelector {
    terms = List.copyOf(terms);
  }

  static FieldSelector parse(ResourceType type, String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : text.split(",")) {
      boolean negated = part.contains("!=");
      String[] kv = negated ? part.split("!=", 2) : part.split("==?", 2);
      if (kv.length != 2) {
        throw ApiException.badRequest("invalid field selector \"" + text + "\": \"" + part + "\" is not field=value");
      }
      String field = kv[0].trim();
      if (!supported(type, field)) {
        throw ApiException.badRequest(
            "field label not supported: %s (%s supports %s)".formatted(field, type.resource(), supportedFields(type)));
      }
      terms.add(new Term(field, kv[1].trim(), negated));
    }
    return new FieldSelector(terms);
  }

  boolean matches(JsonNode object) {
    for (Term t : terms) {
      boolean equal = value(object, t.field()).equals(t.value());
      if (equal == t.negated()) {
        return false;
      }
    }
    return true;
  }

  private static String value(JsonNode object, String field) {
    if (field.equals("source")) {
      return object.path("source").path("component").asString("");
    }
    JsonNode node = object;
    for (String part : field.split("\\.")) {
      node = node.path(part);
    }
    return node.isValueNode() ? node.asString("") : "";
  }

  private static boolean supported(ResourceType type, String field) {
    return supportedFields(type).contains(field);
  }

  private static Set<String> supportedFields(ResourceType type) {
    Set<String> fields = new java.util.TreeSet<>(COMMON);
    switch (type.kind()) {
      case "Pod" -> fields.addAll(POD);
      case "Event" -> fields.addAll(EVENT);
      case "Namespace" -> fields.add("status.phase");
      case "Node" -> fields.add("spec.unschedulable");
      default -> { }
    }
    return fields;
  }
}
