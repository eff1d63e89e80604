package dev.kctl.apiserver.openapi;

import static dev.kctl.apiserver.openapi.SchemaNames.META;
import static dev.kctl.apiserver.openapi.SchemaNames.ref;

import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.discovery.Subresource;
import dev.kctl.apiserver.discovery.Subresources;
import dev.kctl.codec.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code components.schemas} of one group version's document: a schema per kind and per list
 * kind, the kinds its subresources take, and the {@code meta/v1} types they refer to.
 *
 * <p>Metadata is described field by field. The body of each kind ({@code spec}, {@code status})
 * is an object that keeps unknown fields for now; kube-apiserver describes it in full, and so will
 * these documents once the per-kind schema data exists.
 */
final class Schemas {
  private Schemas() {}

  static ObjectNode forTypes(List<ResourceType> types) {
    ObjectNode schemas = Json.object();
    for (ResourceType type : types) {
      schemas.set(SchemaNames.kind(type.group(), type.version(), type.kind()), kind(type));
      schemas.set(SchemaNames.kind(type.group(), type.version(), type.kind() + "List"), list(type));
      for (Subresource sub : Subresources.of(type)) {
        String name = SchemaNames.kind(sub.group(), sub.version(), sub.kind());
        if (!schemas.has(name)) {
          schemas.set(name, subresourceKind(sub));
        }
      }
    }
    meta(schemas);
    return schemas;
  }

  private static ObjectNode kind(ResourceType type) {
    ObjectNode schema = object(type.kind() + ": an object of the " + type.apiVersion() + " API.");
    ObjectNode properties = typeMeta(schema);
    properties.set("metadata", refTo(META + "ObjectMeta", "Standard object metadata."));
    if (type.group().isEmpty() && type.kind().equals("Event")) {
      eventFields(schema, properties);
    } else {
      properties.set("spec", openObject("The desired state of the object."));
      properties.set("status", openObject("The observed state of the object; written by the system."));
    }
    gvk(schema, type.group(), type.version(), type.kind());
    return schema;
  }

  /** Events carry their fields at the top level instead of under spec and status. */
  private static void eventFields(ObjectNode schema, ObjectNode properties) {
    properties.set("action", string("What was done, or failed to be done, to the regarding object."));
    properties.set("count", integer("int32", "How many times this event has occurred."));
    properties.set("eventTime", refTo(META + "MicroTime", "When this event was first observed."));
    properties.set("firstTimestamp", refTo(META + "Time", "When this event was first recorded."));
    properties.set("involvedObject", refTo("io.k8s.api.core.v1.ObjectReference", "The object this event is about."));
    properties.set("lastTimestamp", refTo(META + "Time", "When this event was last recorded."));
    properties.set("message", string("A description of the event, for people."));
    properties.set("reason", string("A short, machine-readable cause of the event."));
    properties.set("related", refTo("io.k8s.api.core.v1.ObjectReference", "A second object this event concerns."));
    properties.set("reportingComponent", string("The controller that emitted the event."));
    properties.set("reportingInstance", string("The instance of that controller."));
    properties.set("series", openObject("Data about a series of repeated events."));
    ObjectNode source = object("The component that reported the event.");
    source.withObject("properties").set("component", string("The reporting component."));
    source.withObject("properties").set("host", string("The node it runs on."));
    properties.set("source", source);
    properties.set("type", string("Normal or Warning."));
    schema.putArray("required").add("metadata").add("involvedObject");
  }

  private static ObjectNode list(ResourceType type) {
    ObjectNode schema = object("A list of " + type.kind() + " objects.");
    ObjectNode properties = typeMeta(schema);
    ObjectNode items = properties.putObject("items");
    items.put("type", "array");
    items.put("description", "The objects.");
    items.putObject("items").put("$ref", ref(SchemaNames.kind(type.group(), type.version(), type.kind())));
    properties.set("metadata", refTo(META + "ListMeta", "Standard list metadata."));
    schema.putArray("required").add("items");
    gvk(schema, type.group(), type.version(), type.kind() + "List");
    return schema;
  }

  private static ObjectNode subresourceKind(Subresource sub) {
    ObjectNode schema = object(sub.kind() + ": the body of the " + sub.name() + " subresource.");
    ObjectNode properties = typeMeta(schema);
    properties.set("metadata", refTo(META + "ObjectMeta", "Standard object metadata."));
    if (sub.kind().equals("Binding")) {
      properties.set("target", refTo("io.k8s.api.core.v1.ObjectReference", "The object to bind to: a Node."));
      schema.putArray("required").add("target");
    } else {
      properties.set("spec", openObject("The desired state."));
      properties.set("status", openObject("The observed state."));
    }
    gvk(schema, sub.group(), sub.version(), sub.kind());
    return schema;
  }

  private static void meta(ObjectNode schemas) {
    schemas.set(META + "ObjectMeta", objectMeta());
    schemas.set(META + "ListMeta", listMeta());
    schemas.set(META + "OwnerReference", ownerReference());
    schemas.set(META + "ManagedFieldsEntry", managedFieldsEntry());
    ObjectNode fields = object("A set of fields in the form the managedFields use.");
    schemas.set(META + "FieldsV1", fields);
    ObjectNode time = string("A point in time in RFC 3339 form, to the second.");
    time.put("format", "date-time");
    schemas.set(META + "Time", time);
    ObjectNode micro = string("A point in time in RFC 3339 form, to the microsecond.");
    micro.put("format", "date-time");
    schemas.set(META + "MicroTime", micro);
    schemas.set(META + "Status", status());
    schemas.set(META + "DeleteOptions", deleteOptions());
    schemas.set(META + "Patch", object("A patch in one of the accepted patch formats."));
    schemas.set("io.k8s.api.core.v1.ObjectReference", objectReference());
  }

  private static ObjectNode objectMeta() {
    ObjectNode schema = object("Metadata that every stored object has.");
    ObjectNode p = schema.putObject("properties");
    p.set("annotations", stringMap("Arbitrary non-identifying data, kept for tools."));
    p.set("creationTimestamp", refTo(META + "Time", "When the object was created; set by the server."));
    p.set("deletionGracePeriodSeconds", integer("int64", "Seconds the object has to terminate once deleted."));
    p.set("deletionTimestamp", refTo(META + "Time", "When the object will be deleted; set by the server."));
    p.set("finalizers", stringList("Names that must be cleared before the object is deleted."));
    p.set("generateName", string("A prefix from which the server makes a unique name when name is empty."));
    p.set("generation", integer("int64", "The sequence number of the desired state; set by the server."));
    p.set("labels", stringMap("Key/value pairs that selectors match."));
    p.set("managedFields", arrayOf(META + "ManagedFieldsEntry", "Which manager owns which fields."));
    p.set("name", string("The name, unique in the namespace for its kind."));
    p.set("namespace", string("The namespace of a namespaced object."));
    p.set("ownerReferences", arrayOf(META + "OwnerReference", "Objects this one depends on."));
    p.set("resourceVersion", string("An opaque version of the object, for optimistic concurrency and watch."));
    p.set("selfLink", string("Deprecated and never set."));
    p.set("uid", string("A unique id for this incarnation of the object; set by the server."));
    return schema;
  }

  private static ObjectNode listMeta() {
    ObjectNode schema = object("Metadata of a list.");
    ObjectNode p = schema.putObject("properties");
    p.set("continue", string("A token to fetch the next page, when the list is paged."));
    p.set("remainingItemCount", integer("int64", "How many items are left after this page, when known."));
    p.set("resourceVersion", string("The version of the collection this list reflects."));
    p.set("selfLink", string("Deprecated and never set."));
    return schema;
  }

  private static ObjectNode ownerReference() {
    ObjectNode schema = object("A reference to an owning object in the same namespace.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", string("The owner's API version."));
    p.set("blockOwnerDeletion", bool("Whether the owner waits for this object during foreground deletion."));
    p.set("controller", bool("Whether the owner is the managing controller."));
    p.set("kind", string("The owner's kind."));
    p.set("name", string("The owner's name."));
    p.set("uid", string("The owner's uid."));
    schema.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
    schema.put("x-kubernetes-map-type", "atomic");
    return schema;
  }

  private static ObjectNode managedFieldsEntry() {
    ObjectNode schema = object("The fields one manager owns, and how it last wrote them.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", string("The API version the fields are expressed in."));
    p.set("fieldsType", string("The format of fieldsV1: FieldsV1."));
    p.set("fieldsV1", refTo(META + "FieldsV1", "The set of owned fields."));
    p.set("manager", string("The manager's name."));
    p.set("operation", string("Apply or Update."));
    p.set("subresource", string("The subresource written through, if any."));
    p.set("time", refTo(META + "Time", "When the fields were last changed."));
    return schema;
  }

  private static ObjectNode objectReference() {
    ObjectNode schema = object("A reference to another object.");
    ObjectNode p = schema.putObject("properties");
    p.set("apiVersion", string("Its API version."));
    p.set("fieldPath", string("A field within it, such as a container."));
    p.set("kind", string("Its kind."));
    p.set("name", string("Its name."));
    p.set("namespace", string("Its namespace."));
    p.set("resourceVersion", string("The version referred to."));
    p.set("uid", string("Its uid."));
    schema.put("x-kubernetes-map-type", "atomic");
    return schema;
  }

  private static ObjectNode status() {
    ObjectNode schema = object("The result of an operation that returns no object, such as an error.");
    ObjectNode p = typeMeta(schema);
    p.set("code", integer("int32", "The HTTP status code."));
    p.set("details", openObject("Data about the failure, such as the fields at fault."));
    p.set("message", string("A description of the outcome, for people."));
    p.set("metadata", refTo(META + "ListMeta", "Standard list metadata."));
    p.set("reason", string("A machine-readable cause, such as NotFound or Conflict."));
    p.set("status", string("Success or Failure."));
    gvk(schema, "", "v1", "Status");
    return schema;
  }

  private static ObjectNode deleteOptions() {
    ObjectNode schema = object("Options of a delete request.");
    ObjectNode p = typeMeta(schema);
    p.set("dryRun", stringList("All: do not persist the deletion."));
    p.set("gracePeriodSeconds", integer("int64", "Seconds the object has to terminate."));
    p.set("orphanDependents", bool("Deprecated: use propagationPolicy."));
    p.set("preconditions", openObject("uid and resourceVersion the object must still have."));
    p.set("propagationPolicy", string("Orphan, Background or Foreground."));
    return schema;
  }

  private static ObjectNode typeMeta(ObjectNode schema) {
    ObjectNode properties = schema.withObject("properties");
    properties.set("apiVersion", string("The versioned schema of this representation of the object."));
    properties.set("kind", string("The kind of the object."));
    return properties;
  }

  private static void gvk(ObjectNode schema, String group, String version, String kind) {
    // Schemas carry a list (one schema may serve several kinds); operations carry a single one.
    ObjectNode entry = schema.putArray("x-kubernetes-group-version-kind").addObject();
    entry.put("group", group);
    entry.put("kind", kind);
    entry.put("version", version);
  }

  private static ObjectNode object(String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "object");
    return schema;
  }

  private static ObjectNode openObject(String description) {
    ObjectNode schema = object(description);
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    return schema;
  }

  private static ObjectNode string(String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "string");
    return schema;
  }

  private static ObjectNode integer(String format, String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "integer");
    schema.put("format", format);
    return schema;
  }

  private static ObjectNode bool(String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "boolean");
    return schema;
  }

  private static ObjectNode stringMap(String description) {
    ObjectNode schema = object(description);
    schema.putObject("additionalProperties").put("type", "string").put("default", "");
    return schema;
  }

  private static ObjectNode stringList(String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "array");
    schema.putObject("items").put("type", "string").put("default", "");
    return schema;
  }

  private static ObjectNode arrayOf(String schemaName, String description) {
    ObjectNode schema = Json.object();
    schema.put("description", description);
    schema.put("type", "array");
    schema.putObject("items").putArray("allOf").addObject().put("$ref", ref(schemaName));
    return schema;
  }

  /** A reference with a description: OpenAPI 3.0 ignores siblings of $ref, so it goes in allOf. */
  private static ObjectNode refTo(String schemaName, String description) {
    ObjectNode schema = Json.object();
    schema.putArray("allOf").addObject().put("$ref", ref(schemaName));
    schema.put("description", description);
    return schema;
  }
}
