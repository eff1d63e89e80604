package dev.kctl.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.table.Tables.IncludeObject;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TablesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void tableHasTheShapeKubectlDecodes() {
    ObjectNode pod = PodPrinterTest.pod("""
        {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a"}]}, "status": {"phase": "Pending"}}""");

    ObjectNode table = Tables.table(ResourceTypes.PODS, List.of(pod), NOW, "42", "token-2");

    assertThat(table.path("kind").asString()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("metadata").path("resourceVersion").asString()).isEqualTo("42");
    assertThat(table.path("metadata").path("continue").asString()).isEqualTo("token-2");
    JsonNode name = table.path("columnDefinitions").get(0);
    assertThat(name.path("name").asString()).isEqualTo("Name");
    assertThat(name.path("format").asString()).isEqualTo("name");
    assertThat(name.path("priority").asInt()).isZero();
    assertThat(table.path("columnDefinitions").get(5).path("priority").asInt()).isEqualTo(1);
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").size()).isEqualTo(table.path("columnDefinitions").size());
    assertThat(row.path("cells").get(0).asString()).isEqualTo("web-1");
    assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(row.path("object").path("metadata").path("labels").path("app").asString()).isEqualTo("web");
    assertThat(row.path("object").has("spec")).isFalse();
    assertThat(row.has("conditions")).isFalse();
  }

  @Test
  void numbersStayNumbersInCells() {
    ObjectNode rs = Json.parseObject("""
        {"metadata": {"name": "rs"}, "spec": {"replicas": 2}, "status": {"replicas": 1}}""");

    JsonNode cells = Tables.table(ResourceTypes.REPLICASETS, List.of(rs), NOW, "1", null).path("rows").get(0).path("cells");

    assertThat(cells.get(1).isNumber()).isTrue();
    assertThat(cells.get(1).asLong()).isEqualTo(2);
    assertThat(cells.get(4).asString()).isEqualTo("<unknown>");
  }

  @Test
  void singleObjectTableHasNoListMetadata() {
    ObjectNode table = Tables.table(ResourceTypes.NAMESPACES, List.of(Json.parseObject("{\"metadata\": {\"name\": \"a\"}}")),
        NOW, null, null);

    assertThat(table.path("metadata").isEmpty()).isTrue();
    assertThat(table.path("rows").size()).isOne();
  }

  @Test
  void rowsCarryWhatIncludeObjectAsksFor() {
    ObjectNode pod = PodPrinterTest.pod("{\"spec\": {\"containers\": []}, \"status\": {\"phase\": \"Succeeded\"}}");

    JsonNode whole = Tables.table(ResourceTypes.PODS, List.of(pod), NOW, "1", null, IncludeObject.OBJECT)
        .path("rows").get(0);
    JsonNode none = Tables.table(ResourceTypes.PODS, List.of(pod), NOW, "1", null, IncludeObject.NONE)
        .path("rows").get(0);

    assertThat(whole.path("object")).isEqualTo(pod);
    assertThat(whole.path("conditions").get(0).path("reason").asString()).isEqualTo("Succeeded");
    assertThat(none.has("object")).isFalse();
  }

  @Test
  void includeObjectParsesTheQueryParameter() {
    assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
    assertThatThrownBy(() -> IncludeObject.parse("All")).hasMessageContaining("\"All\"");
  }

  @Test
  void typeWithoutAPrinterGetsNameAndAge() {
    // A kind this server does not serve, such as a custom resource.
    ResourceType widgets = new ResourceType("example.com", "v1", "widgets", "Widget", true, List.of(), List.of());

    ObjectNode table = Tables.table(widgets, List.of(Json.parseObject(
        "{\"metadata\": {\"name\": \"cfg\", \"creationTimestamp\": \"2026-11-25T09:59:15Z\"}}")), NOW, "3", null);

    assertThat(table.path("columnDefinitions").size()).isEqualTo(2);
    assertThat(table.path("rows").get(0).path("cells").get(1).asString()).isEqualTo("45s");
  }

  @Test
  void everyServedTypeHasColumnsThatMatchItsCells() {
    for (ResourceType type : ResourceTypes.all()) {
      ObjectNode table = Tables.table(type, List.of(Json.parseObject("{\"metadata\": {\"name\": \"x\"}}")), NOW, "1", null);

      assertThat(table.path("rows").get(0).path("cells").size()).as(type.kind())
          .isEqualTo(table.path("columnDefinitions").size());
    }
  }
}
