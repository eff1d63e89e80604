package dev.kctl.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiTest {

  @Test
  void rootNamesOneDocumentPerGroupVersionByAUrlCarryingItsHash() throws Exception {
    JsonNode paths = OpenApi.root().path("paths");

    assertThat(fieldNames(paths)).containsExactly(
        "api/v1", "apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1");
    for (String path : fieldNames(paths)) {
      String url = paths.path(path).path("serverRelativeURL").asString();
      String hash = HexFormat.of().withUpperCase().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Json.bytes(OpenApi.document(path).orElseThrow())));
      assertThat(url).isEqualTo("/openapi/v3/" + path + "?hash=" + hash);
      assertThat(OpenApi.hash(path)).contains(hash);
    }
  }

  @Test
  void unknownGroupVersionHasNoDocument() {
    assertThat(OpenApi.document("apis/autoscaling/v1")).isEmpty();
    assertThat(OpenApi.hash("apis/batch/v2")).isEmpty();
  }

  @Test
  void documentsAreCopiesThatCallersMayChange() {
    OpenApi.document("/api/v1").orElseThrow().remove("paths");

    assertThat(OpenApi.document("api/v1").orElseThrow().has("paths")).isTrue();
  }

  /**
   * kubectl's check before it leaves validation to the server (query_param_verifier_v3.go): it takes
   * the first PATCH operation, in map order, whose single x-kubernetes-group-version-kind is the
   * object's kind, and looks for fieldValidation among that operation's own parameters.
   */
  @Test
  void everyPatchOfEveryKindCarriesFieldValidationSoKubectlLeavesValidationToTheServer() {
    for (ResourceType type : ResourceTypes.all()) {
      ObjectNode doc = OpenApi.document(type.groupVersionPath()).orElseThrow();
      List<JsonNode> patches = new ArrayList<>();
      for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
        JsonNode patch = path.getValue().path("patch");
        JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
        if (gvk.path("group").asString("-").equals(type.group())
            && gvk.path("version").asString("").equals(type.version())
            && gvk.path("kind").asString("").equals(type.kind())) {
          patches.add(patch);
        }
      }

      assertThat(patches).as(type.kind()).isNotEmpty();
      assertThat(patches).allSatisfy(patch ->
          assertThat(parameterNames(patch)).contains("fieldValidation", "fieldManager", "dryRun"));
    }
  }

  @Test
  void podPathsCoverCollectionObjectAndSubresources() {
    JsonNode paths = OpenApi.document("api/v1").orElseThrow().path("paths");

    JsonNode collection = paths.path("/api/v1/namespaces/{namespace}/pods");
    assertThat(collection.path("get").path("x-kubernetes-action").asString()).isEqualTo("list");
    assertThat(parameterNames(collection.path("get"))).contains("labelSelector", "watch", "limit");
    assertThat(collection.path("post").path("x-kubernetes-action").asString()).isEqualTo("post");
    JsonNode object = paths.path("/api/v1/namespaces/{namespace}/pods/{name}");
    assertThat(fieldNames(object)).contains("get", "put", "patch", "delete", "parameters");
    assertThat(paths.path("/api/v1/pods").path("get").path("operationId").asString())
        .isEqualTo("listCoreV1PodForAllNamespaces");
    assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/status").has("patch")).isTrue();
    assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/binding").path("post")
        .path("x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("Binding");
    assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/log").path("get").has("responses")).isTrue();
    assertThat(paths.path("/api/v1/nodes/{name}").path("patch").path("operationId").asString())
        .isEqualTo("patchCoreV1Node");
  }

  /**
   * kubectl apply computes its strategic merge patch from these schemas when the kind's PATCH
   * declares the format (patcher.go, gvkSupportsPatchOpenAPIV3), so every PATCH declares it.
   */
  @Test
  void everyPatchDeclaresStrategicMergeAlongTheOtherFormats() {
    for (String path : fieldNames(OpenApi.root().path("paths"))) {
      for (Map.Entry<String, JsonNode> item : OpenApi.document(path).orElseThrow().path("paths").properties()) {
        JsonNode patch = item.getValue().path("patch");
        if (!patch.isMissingNode()) {
          assertThat(fieldNames(patch.path("requestBody").path("content"))).as(item.getKey()).containsExactly(
              "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
              "application/strategic-merge-patch+json");
        }
      }
    }
  }

  /** The walk kubectl's PatchMetaFromOpenAPIV3 makes: properties, allOf[0], $ref, array items. */
  @Test
  void containersCarryKubernetesMergeKeysWhereKubectlLooksForThem() {
    JsonNode schemas = OpenApi.document("apis/apps/v1").orElseThrow().path("components").path("schemas");
    JsonNode podSpec = resolve(schemas, resolve(schemas, schemas.path("io.k8s.api.apps.v1.Deployment")
        .path("properties").path("spec")).path("properties").path("template")).path("properties").path("spec");
    JsonNode containers = resolve(schemas, podSpec).path("properties").path("containers");

    assertThat(containers.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(containers.path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    JsonNode container = resolve(schemas, containers.path("items"));
    assertThat(container.path("properties").path("ports").path("x-kubernetes-patch-merge-key").asString())
        .isEqualTo("containerPort");
    assertThat(container.path("properties").path("ports").path("x-kubernetes-list-map-keys").get(1).asString())
        .isEqualTo("protocol");
    assertThat(container.path("required").get(0).asString()).isEqualTo("name");
    assertThat(resolve(schemas, podSpec).path("properties").path("volumes").path("x-kubernetes-patch-strategy")
        .asString()).isEqualTo("merge,retainKeys");
  }

  @Test
  void schemasAreNestedAndNamedAsKubernetesNamesThem() {
    JsonNode core = OpenApi.document("api/v1").orElseThrow().path("components").path("schemas");
    JsonNode apps = OpenApi.document("apis/apps/v1").orElseThrow().path("components").path("schemas");

    assertThat(fieldNames(core)).contains("io.k8s.api.core.v1.PodSpec", "io.k8s.api.core.v1.Container",
        "io.k8s.api.core.v1.ServiceSpec", "io.k8s.api.core.v1.NodeStatus", "io.k8s.api.core.v1.EndpointSubset",
        "io.k8s.apimachinery.pkg.api.resource.Quantity", "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    assertThat(fieldNames(apps)).contains("io.k8s.api.core.v1.PodTemplateSpec", "io.k8s.api.core.v1.Container",
        "io.k8s.api.autoscaling.v1.Scale", "io.k8s.api.apps.v1.DaemonSetSpec")
        .doesNotContain("io.k8s.api.core.v1.ServiceSpec", "io.k8s.api.batch.v1.JobSpec");
    assertThat(fieldNames(core.path("io.k8s.api.core.v1.ConfigMap").path("properties")))
        .containsExactly("apiVersion", "binaryData", "data", "immutable", "kind", "metadata");
    assertThat(core.path("io.k8s.api.core.v1.Secret").path("properties").path("data").path("additionalProperties")
        .path("format").asString()).isEqualTo("byte");
    assertThat(core.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asString())
        .isEqualTo("int-or-string");
    assertThat(apps.path("io.k8s.api.autoscaling.v1.ScaleSpec").path("properties").path("replicas")
        .path("format").asString()).isEqualTo("int32");
  }

  /**
   * kubectl apply fails over to its compiled-in types, with a warning, when its walk meets an
   * object schema without properties; only fields meant to hold anything may be such objects.
   */
  @Test
  void everyObjectFieldIsDescribedUnlessItHoldsAnything() {
    for (String path : fieldNames(OpenApi.root().path("paths"))) {
      JsonNode schemas = OpenApi.document(path).orElseThrow().path("components").path("schemas");
      for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
        for (Map.Entry<String, JsonNode> field : schema.getValue().path("properties").properties()) {
          JsonNode value = field.getValue();
          if (value.path("type").asString("").equals("object") && !value.has("additionalProperties")) {
            assertThat(value.path("x-kubernetes-preserve-unknown-fields").asBoolean())
                .as(schema.getKey() + "." + field.getKey()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void everyKindHasASchemaWithItsGroupVersionKindAndRealObjectMeta() {
    for (ResourceType type : ResourceTypes.all()) {
      JsonNode schemas = OpenApi.document(type.groupVersionPath()).orElseThrow().path("components").path("schemas");
      // Kubernetes names the schemas after the Go package: the group's first label, "core" for "".
      String pkg = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
      JsonNode schema = schemas.path("io.k8s.api." + pkg + "." + type.version() + "." + type.kind());

      JsonNode gvk = schema.path("x-kubernetes-group-version-kind");
      assertThat(gvk.isArray()).as(type.kind()).isTrue();
      assertThat(gvk.get(0).path("kind").asString()).isEqualTo(type.kind());
      assertThat(schema.path("properties").path("apiVersion").path("type").asString()).isEqualTo("string");
      assertThat(schema.path("properties").path("metadata").path("allOf").get(0).path("$ref").asString())
          .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
      assertThat(schemas.has("io.k8s.api." + pkg + "." + type.version() + "." + type.kind() + "List")).isTrue();
      assertThat(fieldNames(schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties")))
          .contains("name", "namespace", "labels", "annotations", "ownerReferences", "finalizers", "uid");
    }
  }

  @Test
  void eventSchemaHasItsFieldsAtTheTopLevel() {
    JsonNode event = OpenApi.document("api/v1").orElseThrow()
        .path("components").path("schemas").path("io.k8s.api.core.v1.Event");

    assertThat(fieldNames(event.path("properties"))).contains("involvedObject", "reason", "message", "count")
        .doesNotContain("spec");
  }

  @Test
  void everyReferenceResolvesWithinItsDocument() {
    for (String path : fieldNames(OpenApi.root().path("paths"))) {
      ObjectNode doc = OpenApi.document(path).orElseThrow();
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);

      assertThat(refs).isNotEmpty();
      assertThat(refs).allSatisfy(ref -> {
        assertThat(ref).startsWith("#/components/schemas/");
        assertThat(doc.path("components").path("schemas").has(ref.substring("#/components/schemas/".length())))
            .as(ref).isTrue();
      });
    }
  }

  private static JsonNode resolve(JsonNode schemas, JsonNode schema) {
    JsonNode target = schema.has("allOf") ? schema.path("allOf").get(0) : schema;
    String ref = target.path("$ref").asString("");
    return ref.isEmpty() ? target : schemas.path(ref.substring("#/components/schemas/".length()));
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asString());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  private static List<String> parameterNames(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation.path("parameters").forEach(p -> names.add(p.path("name").asString()));
    return names;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }
}
