package dev.kctl.apiserver.openapi;

import static dev.kctl.apiserver.openapi.SchemaNames.META;
import static dev.kctl.apiserver.openapi.SchemaNames.ref;

import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.discovery.Subresource;
import dev.kctl.apiserver.discovery.Subresources;
import dev.kctl.codec.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code paths} of one group version's document: per kind, its collection, its objects and
 * their subresources, with the operations served on each.
 *
 * <p>kubectl reads two things here. Before a create or apply it looks for a PATCH operation whose
 * {@code x-kubernetes-group-version-kind} is the object's kind and whose own (operation-level)
 * parameters include {@code fieldValidation}; if found, it leaves validation to the server. It
 * stops at the first such PATCH in map order, so every PATCH of a kind, subresources included,
 * carries the parameter. Second, {@code kubectl apply} on an existing object computes a strategic
 * merge patch from these schemas when a PATCH accepts {@code application/strategic-merge-patch+json};
 * a field its object has and the schemas lack makes it warn and fall back to its compiled-in types.
 */
final class Paths {
  /**
   * The patch formats the PATCH operations declare, as kube-apiserver declares them for built-in
   * kinds. With strategic merge among them, {@code kubectl apply} computes its patch from the
   * merge keys in these schemas (the schema data carries Kubernetes' keys), instead of from the
   * types compiled into kubectl.
   */
  private static final List<String> PATCH_TYPES = List.of(
      "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
      "application/strategic-merge-patch+json");

  private final ResourceType type;
  private final String opGroup;
  private final String tag;

  private Paths(ResourceType type) {
    this.type = type;
    this.opGroup = SchemaNames.operationGroup(type.group(), type.version());
    this.tag = SchemaNames.tag(type.group(), type.version());
  }

  static ObjectNode forTypes(List<ResourceType> types) {
    ObjectNode paths = Json.object();
    types.forEach(type -> new Paths(type).addTo(paths));
    return paths;
  }

  private void addTo(ObjectNode paths) {
    String base = type.groupVersionPath();
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection = type.namespaced()
        ? base + "/namespaces/{namespace}/" + type.resource()
        : base + "/" + type.resource();
    String object = collection + "/{name}";
    String kindSchema = SchemaNames.kind(type.group(), type.version(), type.kind());
    String listSchema = SchemaNames.kind(type.group(), type.version(), type.kind() + "List");

    ObjectNode coll = paths.putObject(collection);
    coll.set("get", operation("list" + opGroup + scope + type.kind(), "list", kindOf(type.kind() + "List"))
        .params(listParameters())
        .respond("200", listSchema)
        .node());
    coll.set("post", operation("create" + opGroup + scope + type.kind(), "post", kindOf(type.kind()))
        .params(writeParameters())
        .body(List.of("application/json", "application/yaml"), kindSchema)
        .respond("200", kindSchema).respond("201", kindSchema).respond("202", kindSchema)
        .node());
    pathParameters(coll, false);

    ObjectNode obj = paths.putObject(object);
    obj.set("get", operation("read" + opGroup + scope + type.kind(), "get", kindOf(type.kind()))
        .respond("200", kindSchema)
        .node());
    obj.set("put", operation("replace" + opGroup + scope + type.kind(), "put", kindOf(type.kind()))
        .params(writeParameters())
        .body(List.of("application/json", "application/yaml"), kindSchema)
        .respond("200", kindSchema).respond("201", kindSchema)
        .node());
    obj.set("delete", operation("delete" + opGroup + scope + type.kind(), "delete", kindOf(type.kind()))
        .params(deleteParameters())
        .body(List.of("application/json"), META + "DeleteOptions")
        .respond("200", META + "Status").respond("202", META + "Status")
        .node());
    obj.set("patch", patch("patch" + opGroup + scope + type.kind(), kindSchema));
    pathParameters(obj, true);

    if (type.namespaced()) {
      ObjectNode all = paths.putObject(base + "/" + type.resource());
      all.set("get", operation("list" + opGroup + type.kind() + "ForAllNamespaces", "list",
          kindOf(type.kind() + "List"))
          .params(listParameters())
          .respond("200", listSchema)
          .node());
      all.putArray("parameters").add(query("pretty", "string", "Indent the JSON output when true."));
    }

    for (Subresource sub : Subresources.of(type)) {
      addSubresource(paths, object + "/" + sub.name(), sub, scope);
    }
  }

  private void addSubresource(ObjectNode paths, String path, Subresource sub, String scope) {
    ObjectNode item = paths.putObject(path);
    String suffix = scope + type.kind() + capitalize(sub.name());
    String schema = SchemaNames.kind(sub.group(), sub.version(), sub.kind());
    ObjectNode gvk = gvk(sub.group(), sub.version(), sub.kind());
    for (String verb : sub.verbs()) {
      switch (verb) {
        case "get" -> item.set("get", sub.name().equals("log")
            ? operation("read" + opGroup + suffix, "get", gvk).params(logParameters()).respondText("200").node()
            : operation("read" + opGroup + suffix, "get", gvk).respond("200", schema).node());
        case "update" -> item.set("put", operation("replace" + opGroup + suffix, "put", gvk)
            .params(writeParameters())
            .body(List.of("application/json", "application/yaml"), schema)
            .respond("200", schema).respond("201", schema)
            .node());
        case "patch" -> item.set("patch", patch("patch" + opGroup + suffix, schema, gvk));
        case "create" -> item.set("post", operation("create" + opGroup + suffix, "post", gvk)
            .params(writeParameters())
            .body(List.of("application/json", "application/yaml"), schema)
            .respond("200", schema).respond("201", schema).respond("202", schema)
            .node());
        default -> throw new IllegalStateException(
            "no OpenAPI operation for verb " + verb + " of " + type.resource() + "/" + sub.name());
      }
    }
    pathParameters(item, true);
  }

  private ObjectNode patch(String operationId, String schema) {
    return patch(operationId, schema, kindOf(type.kind()));
  }

  private ObjectNode patch(String operationId, String schema, ObjectNode gvk) {
    ArrayNode params = writeParameters();
    params.add(query("force", "boolean", "Take ownership of conflicting fields in a server-side apply."));
    return operation(operationId, "patch", gvk)
        .params(params)
        .body(PATCH_TYPES, META + "Patch")
        .respond("200", schema).respond("201", schema)
        .node();
  }

  private void pathParameters(ObjectNode item, boolean named) {
    ArrayNode params = item.putArray("parameters");
    if (named) {
      params.add(path("name", "The name of the " + type.singular() + "."));
    }
    if (type.namespaced()) {
      params.add(path("namespace", "The namespace of the objects."));
    }
    params.add(query("pretty", "string", "Indent the JSON output when true."));
  }

  private ObjectNode kindOf(String kind) {
    return gvk(type.group(), type.version(), kind);
  }

  private static ObjectNode gvk(String group, String version, String kind) {
    ObjectNode gvk = Json.object();
    gvk.put("group", group);
    gvk.put("kind", kind);
    gvk.put("version", version);
    return gvk;
  }

  private Operation operation(String operationId, String action, ObjectNode gvk) {
    ObjectNode op = Json.object();
    op.putArray("tags").add(tag);
    op.put("operationId", operationId);
    op.putArray("parameters");
    op.putObject("responses").putObject("401").put("description", "Unauthorized");
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", gvk);
    return new Operation(op);
  }

  private static ArrayNode listParameters() {
    ArrayNode params = Json.array();
    params.add(query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events in a watch."));
    params.add(query("continue", "string", "The token from the previous page of a paged list."));
    params.add(query("fieldSelector", "string", "Select objects by field values."));
    params.add(query("labelSelector", "string", "Select objects by labels."));
    params.add(query("limit", "integer", "The most objects to return in one page."));
    params.add(query("resourceVersion", "string", "The version to list or watch from."));
    params.add(query("resourceVersionMatch", "string", "How resourceVersion applies to a list."));
    params.add(query("sendInitialEvents", "boolean", "Start a watch with the current objects."));
    params.add(query("timeoutSeconds", "integer", "End the list or watch after this many seconds."));
    params.add(query("watch", "boolean", "Stream changes instead of returning a list."));
    return params;
  }

  private static ArrayNode writeParameters() {
    ArrayNode params = Json.array();
    params.add(query("dryRun", "string", "All: validate and admit the request without persisting it."));
    params.add(query("fieldManager", "string", "The name of the actor making the change."));
    params.add(query("fieldValidation", "string",
        "What to do with unknown or duplicate fields: Ignore, Warn or Strict."));
    return params;
  }

  private static ArrayNode deleteParameters() {
    ArrayNode params = Json.array();
    params.add(query("dryRun", "string", "All: validate the request without deleting."));
    params.add(query("gracePeriodSeconds", "integer", "Seconds the object has to terminate."));
    params.add(query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."));
    params.add(query("propagationPolicy", "string", "Orphan, Background or Foreground."));
    return params;
  }

  private static ArrayNode logParameters() {
    ArrayNode params = Json.array();
    params.add(query("container", "string", "The container whose log to return."));
    params.add(query("follow", "boolean", "Stream the log as it grows."));
    params.add(query("limitBytes", "integer", "The most bytes to return."));
    params.add(query("previous", "boolean", "The log of the previous, terminated container."));
    params.add(query("sinceSeconds", "integer", "Only lines newer than this many seconds."));
    params.add(query("sinceTime", "string", "Only lines after this RFC 3339 time."));
    params.add(query("tailLines", "integer", "Only this many lines from the end."));
    params.add(query("timestamps", "boolean", "Prefix each line with its time."));
    return params;
  }

  private static ObjectNode query(String name, String schemaType, String description) {
    ObjectNode param = Json.object();
    param.put("name", name);
    param.put("in", "query");
    param.put("description", description);
    param.putObject("schema").put("type", schemaType).put("uniqueItems", true);
    return param;
  }

  private static ObjectNode path(String name, String description) {
    ObjectNode param = Json.object();
    param.put("name", name);
    param.put("in", "path");
    param.put("description", description);
    param.put("required", true);
    param.putObject("schema").put("type", "string").put("uniqueItems", true);
    return param;
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** An operation being filled in; {@link #node()} hands out the finished tree. */
  private record Operation(ObjectNode node) {
    Operation params(ArrayNode params) {
      node.withArray("parameters").addAll(params);
      return this;
    }

    Operation body(List<String> mediaTypes, String schemaName) {
      ObjectNode body = Json.object();
      ObjectNode content = body.putObject("content");
      for (String mediaType : mediaTypes) {
        content.putObject(mediaType).putObject("schema").put("$ref", ref(schemaName));
      }
      body.put("required", true);
      node.set("requestBody", body);
      return this;
    }

    Operation respond(String code, String schemaName) {
      ObjectNode response = responses().putObject(code);
      response.put("description", description(code));
      response.putObject("content").putObject("application/json").putObject("schema")
          .put("$ref", ref(schemaName));
      return this;
    }

    Operation respondText(String code) {
      ObjectNode response = responses().putObject(code);
      response.put("description", description(code));
      response.putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
      return this;
    }

    private ObjectNode responses() {
      return node.withObject("responses");
    }

    private static String description(String code) {
      return switch (code) {
        case "200" -> "OK";
        case "201" -> "Created";
        case "202" -> "Accepted";
        default -> code;
      };
    }
  }
}
