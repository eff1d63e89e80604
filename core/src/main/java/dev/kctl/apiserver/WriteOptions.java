package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ApiException.Cause;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.openapi.SchemaIndex;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Options every write request may carry.
 *
 * @param dryRun run admission and report the result without storing it ({@code dryRun=All})
 * @param fieldManager the writer's name ({@code fieldManager=}); empty when not given
 * @param fieldValidation what to do with fields the kind's schema does not define
 * @param warnings receives the Warning headers of the reply
 * @param force a server-side apply takes over fields other managers own instead of failing
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation,
    Consumer<String> warnings, boolean force) {
  /** In-process writers (controllers) write what they built themselves: nothing to check. */
  public static final WriteOptions DEFAULT = new WriteOptions(false, "", FieldValidation.IGNORE, warning -> { }, false);

  /**
   * Refuses a value of the wrong JSON type (400, whatever the validation mode, as a body
   * kube-apiserver cannot decode), then applies {@code fieldValidation} to the object about to be
   * stored: under Strict an unknown field is a 400 naming it, under Warn a Warning header, under
   * Ignore nothing. Fields that are known but have no effect here get a Warning header unless
   * validation is Ignore.
   */
  void checkFields(ResourceType type, JsonNode object) {
    List<Cause> wrongTypes = SchemaIndex.load().wrongTypes(type, object);
    if (!wrongTypes.isEmpty()) {
      throw badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": "
          + String.join("; ", wrongTypes.stream().map(c -> c.field() + ": " + c.message()).toList()), wrongTypes);
    }
    if (fieldValidation == FieldValidation.IGNORE) {
      return;
    }
    IgnoredFields.in(type, object).forEach(f -> warnings.accept(
        f + " is kept but has no effect: kctl runs pods as plain processes and does not enforce it"));
    List<String> unknown = SchemaIndex.load().unknownFields(type, object);
    if (unknown.isEmpty()) {
      return;
    }
    if (fieldValidation == FieldValidation.STRICT) {
      throw badRequest("strict decoding error: " + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()),
          unknown.stream().map(f -> new Cause("FieldValueInvalid", "unknown field", f)).toList());
    }
    unknown.forEach(f -> warnings.accept("unknown field \"" + f + "\""));
  }

  /** A 400 whose causes name each field, so that a client can point at the lines that hold them. */
  private static ApiException badRequest(String message, List<Cause> causes) {
    return new ApiException(StatusReason.BadRequest, message, "", "", "", causes, null);
  }
}
