package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.codec.Json;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@code fieldValidation} query parameter: what to do with a request body that names a field
 * twice. {@code Strict} (kubectl's default) refuses it, {@code Warn} accepts it with a Warning
 * header, {@code Ignore} accepts it silently, as kube-apiserver does.
 */
public enum FieldValidation {
  STRICT, WARN, IGNORE;

  /** The query parameter's value; kube-apiserver's default when absent is Warn. */
  static FieldValidation parse(String value) {
    if (value == null || value.isEmpty()) {
      return WARN;
    }
    return switch (value) {
      case "Strict" -> STRICT;
      case "Warn" -> WARN;
      case "Ignore" -> IGNORE;
      default -> throw ApiException.badRequest(
          "fieldValidation must be Strict, Warn or Ignore, not \"" + value + "\"");
    };
  }

  /** Parses {@code body}; problems become an error or warnings, as this mode says. */
  JsonNode parse(byte[] body, Consumer<String> warnings) {
    if (this == IGNORE) {
      return Json.parse(body);
    }
    try {
      return Json.parseStrict(body);
    } catch (JacksonException duplicate) {
      JsonNode lenient = Json.parse(body); // a syntax error surfaces here, as a 400 of its own
      String problem = "json: duplicate field: " + duplicate.getOriginalMessage();
      if (this == STRICT) {
        throw ApiException.badRequest("strict decoding error: " + problem);
      }
      warnings.accept(problem);
      return lenient;
    }
  }

  /** The message of a Warning header, in the RFC 7234 form kube-apiserver uses. */
  static List<String> headerValues(List<String> warnings) {
    return warnings.stream().map(w -> "299 - \"" + w.replace("\"", "'") + "\"").toList();
  }
}
