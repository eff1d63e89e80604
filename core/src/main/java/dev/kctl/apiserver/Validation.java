package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ApiException.Cause;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks an object after defaulting and before it is stored. Every problem becomes one cause
 * naming its field, with kube-apiserver's wording, and all of them are reported at once (422).
 */
final class Validation {
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final List<Cause> causes = new ArrayList<>();

  private Validation() {}

  static void validate(ResourceType type, JsonNode object) {
    Validation v = new Validation();
    v.metadata(type, object);
    switch (type.kind()) {
      case "Pod" -> v.podSpec("spec", object.path("spec"));
      case "Deployment", "ReplicaSet", "DaemonSet" -> v.workload(object.path("spec"));
      case "Job" -> {
        v.workload(object.path("spec"));
        String policy = object.path("spec").path("template").path("spec").path("restartPolicy").asString("");
        if (policy.equals("Always")) {
          v.causes.add(new Cause("FieldValueNotSupported",
              "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
              "spec.template.spec.restartPolicy"));
        }
      }
      default -> { }
    }
    if (!v.causes.isEmpty()) {
      throw ApiException.invalid(type, ObjectMeta.of(object).name(), v.causes);
    }
  }

  private void metadata(ResourceType type, JsonNode object) {
    String name = ObjectMeta.of(object).name();
    boolean labelNames = type.kind().equals("Namespace");
    Pattern syntax = labelNames ? DNS_LABEL : DNS_SUBDOMAIN;
    int max = labelNames ? 63 : 253;
    if (name.isEmpty()) {
      required("metadata.name", "name or generateName is required");
    } else if (name.length() > max || !syntax.matcher(name).matches()) {
      invalid("metadata.name", name, "a lowercase RFC 1123 " + (labelNames ? "label" : "subdomain")
          + " must consist of lower case alphanumeric characters, '-' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'example.com'), at most " + max + " characters");
    }
  }

  private void workload(JsonNode spec) {
    if (spec.has("replicas") && spec.path("replicas").asInt(0) < 0) {
      invalid("spec.replicas", spec.path("replicas").asString(""), "must be greater than or equal to 0");
    }
    JsonNode selector = spec.path("selector");
    LabelSelector parsed = null;
    if (selector.isMissingNode() || selector.isNull()) {
      required("spec.selector", "");
    } else {
      try {
        parsed = LabelSelector.fromObject(selector);
      } catch (IllegalArgumentException e) {
        invalid("spec.selector", selector.toString(), e.getMessage());
      }
      if (parsed != null && parsed.isEmpty()) {
        invalid("spec.selector", "{}", "empty selector is invalid for this workload");
      }
    }
    var templateLabels = ObjectMeta.of(spec.path("template")).labels();
    if (parsed != null && !parsed.isEmpty() && !parsed.matches(templateLabels)) {
      invalid("spec.template.metadata.labels", templateLabels.toString(), "`selector` does not match template `labels`");
    }
    podSpec("spec.template.spec", spec.path("template").path("spec"));
  }

  private void podSpec(String path, JsonNode spec) {
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      required(path + ".containers", "");
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String at = path + ".containers[" + i + "]";
      String name = c.path("name").asString("");
      if (name.isEmpty()) {
        required(at + ".name", "");
      } else if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
        invalid(at + ".name", name, "a lowercase RFC 1123 label must consist of lower case alphanumeric"
            + " characters or '-', and must start and end with an alphanumeric character");
      } else if (!names.add(name)) {
        causes.add(new Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", at + ".name"));
      }
      if (c.path("image").asString("").isBlank()) {
        required(at + ".image", "");
      }
      JsonNode ports = c.path("ports");
      for (int p = 0; p < ports.size(); p++) {
        int port = ports.get(p).path("containerPort").asInt(0);
        if (port < 1 || port > 65535) {
          invalid(at + ".ports[" + p + "].containerPort", String.valueOf(port), "must be between 1 and 65535, inclusive");
        }
      }
    }
    String policy = spec.path("restartPolicy").asString("Always");
    if (!Set.of("Always", "OnFailure", "Never").contains(policy)) {
      causes.add(new Cause("FieldValueNotSupported",
          "Unsupported value: \"" + policy + "\": supported values: \"Always\", \"OnFailure\", \"Never\"",
          path + ".restartPolicy"));
    }
  }

  private void required(String field, String detail) {
    causes.add(new Cause("FieldValueRequired", "Required value" + (detail.isEmpty() ? "" : ": " + detail), field));
  }

  private void invalid(String field, String value, String detail) {
    causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + detail, field));
  }
}
