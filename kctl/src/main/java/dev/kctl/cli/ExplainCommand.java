package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl explain TYPE[.FIELD...] [--recursive]}: the documentation of a kind or one of its
 * fields, read from the server's OpenAPI v3 document for the kind's group version, in kubectl's
 * plain-text layout (KIND, VERSION, FIELD, DESCRIPTION, FIELDS).
 */
@Command(name = "explain", description = "Describe the fields of a kind, from the server's OpenAPI schema.")
final class ExplainCommand implements Callable<Integer> {
  private static final int WIDTH = 80;
  private static final String REF_PREFIX = "#/components/schemas/";

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TYPE[.FIELD...]", completionCandidates = Completion.TypeNames.class,
      description = "A type and an optional field path, e.g. pods.spec.containers.")
  String path;

  @Option(names = "--recursive", description = "List the fields of fields too, without descriptions.")
  boolean recursive;

  private JsonNode schemas;

  @Override
  public Integer call() {
    String[] parts = path.split("\\.");
    ResourceType type = Resources.type(parts[0]);
    ServerPaths paths = kctl.session().paths();
    String key = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
    String url = paths.get("/openapi/v3").path("paths").path(key).path("serverRelativeURL").asString("");
    if (url.isEmpty()) {
      throw new CommandException("the server has no OpenAPI document for " + type.apiVersion());
    }
    schemas = paths.get(url).path("components").path("schemas");
    String name = schemaOf(type);
    JsonNode schema = schemas.path(name);
    JsonNode described = schema;
    String fieldName = null;
    String fieldType = null;
    for (int i = 1; i < parts.length; i++) {
      JsonNode property = resolve(schema).path("properties").path(parts[i]);
      if (property.isMissingNode()) {
        throw new CommandException("field \"" + parts[i] + "\" does not exist");
      }
      fieldName = parts[i];
      fieldType = typeName(property);
      described = property;
      schema = target(property);
    }
    StringBuilder out = new StringBuilder();
    if (!type.group().isEmpty()) {
      out.append("GROUP:      ").append(type.group()).append('\n');
    }
    out.append("KIND:       ").append(type.kind()).append('\n');
    out.append("VERSION:    ").append(type.version()).append("\n\n");
    if (fieldName != null) {
      out.append("FIELD: ").append(fieldName).append(" <").append(fieldType).append(">\n\n");
    }
    String description = description(described);
    if (description.isEmpty()) {
      description = description(resolve(schema));
    }
    out.append("DESCRIPTION:\n");
    wrap(out, description.isEmpty() ? "<empty>" : description, 4);
    JsonNode fields = resolve(schema).path("properties");
    if (!fields.isEmpty()) {
      out.append("    \nFIELDS:\n");
      fields(out, resolve(schema), 2, new HashSet<>());
    }
    spec.commandLine().getOut().print(out);
    return 0;
  }

  private String schemaOf(ResourceType type) {
    for (var entry : schemas.properties()) {
      for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
        if (gvk.path("group").asString("").equals(type.group()) && gvk.path("version").asString("").equals(type.version())
            && gvk.path("kind").asString("").equals(type.kind())) {
          return entry.getKey();
        }
      }
    }
    throw new CommandException("the server's OpenAPI document has no schema for " + type.kind());
  }

  private void fields(StringBuilder out, JsonNode schema, int indent, Set<String> seen) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asString("")));
    for (var field : schema.path("properties").properties()) {
      out.repeat(' ', indent).append(field.getKey()).append('\t').append('<').append(typeName(field.getValue()))
          .append('>').append(required.contains(field.getKey()) ? " -required-" : "").append('\n');
      if (recursive) {
        String ref = refName(field.getValue());
        JsonNode inner = resolve(target(field.getValue()));
        if (!inner.path("properties").isEmpty() && (ref == null || !seen.contains(ref))) {
          Set<String> deeper = new HashSet<>(seen);
          if (ref != null) {
            deeper.add(ref);
          }
          fields(out, inner, indent + 2, deeper);
        }
      } else {
        String description = description(field.getValue());
        wrap(out, description.isEmpty() ? "<no description>" : description, indent + 2);
        out.append('\n');
      }
    }
  }

  /** The schema a property leads to: through references, array items and map values. */
  private JsonNode target(JsonNode property) {
    JsonNode resolved = resolve(property);
    if (resolved.path("type").asString("").equals("array")) {
      return target(resolved.path("items"));
    }
    if (resolved.has("additionalProperties") && resolved.path("properties").isEmpty()) {
      return target(resolved.path("additionalProperties"));
    }
    return resolved;
  }

  private JsonNode resolve(JsonNode schema) {
    String ref = refName(schema);
    return ref == null ? schema : schemas.path(ref);
  }

  private static String refName(JsonNode schema) {
    String ref = schema.path("$ref").asString("");
    if (ref.isEmpty()) {
      ref = schema.path("allOf").path(0).path("$ref").asString("");
    }
    return ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
  }

  /** kubectl's type names: {@code string}, {@code []Container}, {@code map[string]string}, {@code ObjectMeta}. */
  private String typeName(JsonNode property) {
    String ref = refName(property);
    if (ref != null) {
      JsonNode target = schemas.path(ref);
      String type = target.path("type").asString("");
      if (!type.isEmpty() && !type.equals("object")) {
        return type;
      }
      return ref.substring(ref.lastIndexOf('.') + 1);
    }
    String type = property.path("type").asString("");
    return switch (type) {
      case "array" -> "[]" + typeName(property.path("items"));
      case "object" -> property.has("additionalProperties")
          ? "map[string]" + typeName(property.path("additionalProperties")) : "Object";
      case "" -> property.has("x-kubernetes-int-or-string") ? "IntOrString" : "Object";
      default -> type;
    };
  }

  private static String description(JsonNode schema) {
    return schema.path("description").asString("").strip();
  }

  /** Words wrapped to {@value #WIDTH} columns, each line indented; paragraphs kept. */
  private static void wrap(StringBuilder out, String text, int indent) {
    for (String paragraph : text.split("\n")) {
      List<String> words = new ArrayList<>(List.of(paragraph.strip().split("\\s+")));
      StringBuilder line = new StringBuilder();
      for (String word : words) {
        if (!line.isEmpty() && indent + line.length() + 1 + word.length() > WIDTH) {
          out.repeat(' ', indent).append(line).append('\n');
          line.setLength(0);
        }
        line.append(line.isEmpty() ? "" : " ").append(word);
      }
      out.repeat(' ', indent).append(line).append('\n');
    }
  }
}
