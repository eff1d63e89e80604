package dev.kctl.api;

import dev.kctl.codec.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A failed API request, carrying what a Kubernetes {@code Status} carries. Thrown by the API
 * server's handlers (and turned into a Status reply in one place) and by clients (parsed back from
 * the reply), so both sides branch on the same {@link StatusReason}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One invalid field: {@code field} is a path such as {@code spec.replicas}. */
  public record Cause(String reason, String message, String field) {}

  private final StatusReason reason;
  private final String kind;
  private final String name;
  private final String group;
  private final List<Cause> causes;

  public ApiException(StatusReason reason, String message) {
    this(reason, message, "", "", "", List.of(), null);
  }

  public ApiException(
      StatusReason reason,
      String message,
      String group,
      String kind,
      String name,
      List<Cause> causes,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.causes = List.copyOf(causes);
  }

  public StatusReason reason() {
    return reason;
  }

  public int code() {
    return reason.code();
  }

  public List<Cause> causes() {
    return causes;
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        StatusReason.NotFound,
        "%s \"%s\" not found".formatted(type.qualifiedResource(), name),
        type.group(), type.resource(), name, List.of(), null);
  }

  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(
        StatusReason.AlreadyExists,
        "%s \"%s\" already exists".formatted(type.qualifiedResource(), name),
        type.group(), type.resource(), name, List.of(), null);
  }

  public static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(
        StatusReason.Conflict,
        "Operation cannot be fulfilled on %s \"%s\": %s".formatted(type.qualifiedResource(), name, why),
        type.group(), type.resource(), name, List.of(), null);
  }

  /** 422 with one cause per invalid field, worded as kube-apiserver words it. */
  public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
    StringBuilder message = new StringBuilder()
        .append(type.kind()).append(" \"").append(name).append("\" is invalid: ");
    if (causes.size() > 1) {
      message.append('[');
    }
    for (int i = 0; i < causes.size(); i++) {
      Cause c = causes.get(i);
      message.append(i > 0 ? ", " : "").append(c.field()).append(": ").append(c.message());
    }
    if (causes.size() > 1) {
      message.append(']');
    }
    return new ApiException(
        StatusReason.Invalid, message.toString(), type.group(), type.kind(), name, causes, null);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(StatusReason.BadRequest, message);
  }

  /** The Kubernetes {@code Status} object for this failure. */
  public ObjectNode toStatus() {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason.name());
    if (!name.isEmpty() || !kind.isEmpty() || !causes.isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (!name.isEmpty()) {
        details.put("name", name);
      }
      if (!group.isEmpty()) {
        details.put("group", group);
      }
      if (!kind.isEmpty()) {
        details.put("kind", kind);
      }
      if (!causes.isEmpty()) {
        ArrayNode list = details.putArray("causes");
        for (Cause c : causes) {
          list.addObject().put("reason", c.reason()).put("message", c.message()).put("field", c.field());
        }
      }
    }
    status.put("code", code());
    return status;
  }

  /** Rebuilds the exception from a Status reply; {@code httpCode} is used when the body has none. */
  public static ApiException fromStatus(JsonNode status, int httpCode) {
    StatusReason reason;
    try {
      reason = StatusReason.valueOf(status.path("reason").asString(""));
    } catch (IllegalArgumentException unknown) {
      reason = StatusReason.forCode(status.path("code").asInt(httpCode));
    }
    JsonNode details = status.path("details");
    List<Cause> causes = new java.util.ArrayList<>();
    for (JsonNode c : details.path("causes")) {
      causes.add(new Cause(c.path("reason").asString(""), c.path("message").asString(""), c.path("field").asString("")));
    }
    String message = status.path("message").asString("HTTP " + httpCode);
    return new ApiException(
        reason, message, details.path("group").asString(""), details.path("kind").asString(""),
        details.path("name").asString(""), causes, null);
  }
}
