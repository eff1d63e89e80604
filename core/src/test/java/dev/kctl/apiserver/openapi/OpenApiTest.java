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

    assertThat(fieldNames(paths)).containsExactly("api/v1", "apis/apps/v1");
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
    assertThat(OpenApi.document("apis/batch/v1")).isEmpty();
    assertThat(OpenApi.hash("apis/batch/v1")).isEmpty();
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

  @Test
  void patchDoesNotDeclareStrategicMergeUntilSchemasCarryMergeKeys() {
    JsonNode patch = OpenApi.document("apis/apps/v1").orElseThrow()
        .path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");

    assertThat(fieldNames(patch.path("requestBody").path("content")))
        .contains("application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml")
        .doesNotContain("application/strategic-merge-patch+json");
  }

  @Test
  void everyKindHasASchemaWithItsGroupVersionKindAndRealObjectMeta() {
    for (ResourceType type : ResourceTypes.all()) {
      JsonNode schemas = OpenApi.document(type.groupVersionPath()).orElseThrow().path("components").path("schemas");
      String pkg = type.group().isEmpty() ? "core" : type.group();
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
