package dev.kctl.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The loader's checks of the data, on small hand-written data sets. */
class SchemaDataTest {
  private static final String INDEX = """
      aliases: {meta: io.k8s.apimachinery.pkg.apis.meta.v1}
      files: [a.yaml]
      """;

  @Test
  void shippedDataLoadsAndEveryTypeIsDescribed() {
    SchemaData data = SchemaData.load();

    assertThat(data.all()).hasSizeGreaterThan(150);
    assertThat(data.all()).allSatisfy(type -> {
      assertThat(type.description()).as(type.name()).isNotBlank();
      type.fields().values().forEach(field -> assertThat(field.description()).as(type.name() + "." + field.name())
          .isNotBlank());
    });
    assertThat(data.closure(java.util.List.of("io.k8s.api.core.v1.Pod")))
        .contains("io.k8s.api.core.v1.Container", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            "io.k8s.apimachinery.pkg.api.resource.Quantity")
        .doesNotContain("io.k8s.api.apps.v1.Deployment");
  }

  @Test
  void inheritedFieldsComeWithTheTypesOwn() {
    SchemaData data = SchemaData.load();

    assertThat(data.require("io.k8s.api.core.v1.EphemeralContainer").fields())
        .containsKeys("name", "image", "ports", "targetContainerName");
  }

  @Test
  void kindsGetTypeMetaFields() {
    SchemaData data = parse("""
        package: p
        types:
          Thing:
            description: A thing.
            kind: {group: g, version: v1, kind: Thing}
            fields:
              size: int32 | How big.
        """);

    assertThat(data.require("p.Thing").fields()).containsOnlyKeys("apiVersion", "kind", "size");
    assertThat(data.require("p.Thing").kind()).hasValueSatisfying(gvk -> assertThat(gvk.group()).isEqualTo("g"));
  }

  @Test
  void undefinedTypeIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              part: Part | A part.
        """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("p.Thing.part").hasMessageContaining("p.Part");
  }

  @Test
  void misspelledKeyIsRefused() {
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              parts: {type: "[string]", description: Parts., listTyp: atomic}
        """)).hasMessageContaining("a.yaml").hasMessageContaining("listTyp");
  }

  @Test
  void mergeKeyMustBeAFieldOfTheItemsAndNeedsStrategyMerge() {
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              parts: {type: "[Part]", description: Parts., patchStrategy: merge, patchMergeKey: id}
          Part:
            description: A part.
            fields:
              name: string | Its name.
        """)).hasMessageContaining("keyed by id");
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              parts: {type: "[Part]", description: Parts., patchMergeKey: name}
          Part:
            description: A part.
            fields:
              name: string | Its name.
        """)).hasMessageContaining("without patch strategy merge");
  }

  @Test
  void fieldWithoutDescriptionOrUnknownAliasIsRefused() {
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              size: int32
        """)).hasMessageContaining("TYPE | description");
    assertThatThrownBy(() -> parse("""
        package: p
        types:
          Thing:
            description: A thing.
            fields:
              meta: other.ObjectMeta | Its metadata.
        """)).hasMessageContaining("unknown package alias other");
  }

  private static SchemaData parse(String file) {
    Map<String, String> files = Map.of("index.yaml", INDEX, "a.yaml", file);
    Function<String, InputStream> open =
        name -> new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8));
    return SchemaData.parse(open);
  }
}
