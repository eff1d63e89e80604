package dev.kctl.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.openapi.ProtobufMessage.Inline;
import dev.kctl.apiserver.openapi.ProtobufMessage.Message;
import dev.kctl.apiserver.openapi.ProtobufMessage.Scalar;
import dev.kctl.apiserver.openapi.ProtobufMessage.Shape;
import dev.kctl.apiserver.openapi.ProtobufMessage.Special;
import dev.kctl.apiserver.openapi.ProtobufMessage.Value;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProtobufDataTest {
  private static final SchemaIndex INDEX = SchemaIndex.load();
  private static final String SCHEMA_INDEX = """
      aliases: {t: p}
      files: [a.yaml]
      """;
  private static final String SCHEMA = """
      package: p
      types:
        Thing:
          description: A thing.
          kind: {group: g, version: v1, kind: Thing}
          required: [size]
          fields:
            size: int32 | How big.
            count: int32 | How many.
            part: Part | A part.
            when: Time | When.
            labels: {type: "{string}", description: Labels.}
        Part:
          description: A part.
          fields:
            name: string | Its name.
        Time:
          description: A time.
          value: string
      """;

  @Test
  void everyServedKindHasAMessage() {
    for (ResourceType type : ResourceTypes.all()) {
      assertThat(INDEX.protobufMessage(SchemaIndex.schemaName(type))).as(type.kind()).isPresent();
    }
    assertThat(INDEX.protobufMessage("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")).isPresent();
    assertThat(INDEX.kindSchemaName("autoscaling", "v1", "Scale")).contains("io.k8s.api.autoscaling.v1.Scale");
    assertThat(INDEX.kindSchemaName("apps", "v1", "Scale")).isEmpty();
  }

  @Test
  void describesFieldsWithTheirShapeTypeAndPointerness() {
    ProtobufMessage spec = INDEX.protobufMessage("io.k8s.api.apps.v1.DeploymentSpec").orElseThrow();
    ProtobufMessage meta = INDEX.protobufMessage("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").orElseThrow();

    assertThat(spec.field(1)).contains(new Value(1, "replicas", Shape.SINGLE, Scalar.INT32, true));
    assertThat(spec.field(5)).contains(new Value(5, "minReadySeconds", Shape.SINGLE, Scalar.INT32, false));
    assertThat(spec.field(3)).contains(
        new Value(3, "template", Shape.SINGLE, new Message("io.k8s.api.core.v1.PodTemplateSpec"), false));
    assertThat(meta.field(8)).contains(new Value(8, "creationTimestamp", Shape.SINGLE, Special.TIME, false));
    assertThat(meta.field(11)).contains(new Value(11, "labels", Shape.MAP, Scalar.STRING, false));
  }

  @Test
  void embeddedStructsBecomeInlineMessages() {
    ProtobufMessage probe = INDEX.protobufMessage("io.k8s.api.core.v1.Probe").orElseThrow();

    assertThat(probe.field(1)).hasValueSatisfying(field -> {
      assertThat(field).isInstanceOf(Inline.class);
      assertThat(((Inline) field).message().field(2)).hasValueSatisfying(
          httpGet -> assertThat(((Value) httpGet).name()).isEqualTo("httpGet"));
    });
  }

  @Test
  void parsesEachKindOfPlace() {
    ProtobufData data = parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 2*, part: 3, when: 4, labels: 5}
          t.Part: {name: 7/1}
        """);

    ProtobufMessage thing = data.message("p.Thing").orElseThrow();
    assertThat(thing.field(1)).contains(new Value(1, "size", Shape.SINGLE, Scalar.INT32, true));
    assertThat(thing.field(2)).contains(new Value(2, "count", Shape.SINGLE, Scalar.INT32, true));
    assertThat(thing.field(4)).contains(new Value(4, "when", Shape.SINGLE, Special.TIME, false));
    assertThat(data.message("p.Part").orElseThrow().field(7)).hasValueSatisfying(field ->
        assertThat(((Inline) field).message().field(1)).contains(new Value(1, "name", Shape.SINGLE, Scalar.STRING, false)));
  }

  @Test
  void refusesAFieldWithoutNumber() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 2, part: 3, when: 4}
          t.Part: {name: 1}
        """)).hasMessageContaining("type p.Thing: field labels has no field number");
  }

  @Test
  void refusesTwoFieldsWithOneNumber() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 1, part: 3, when: 4, labels: 5}
          t.Part: {name: 1}
        """)).hasMessageContaining("fields size and count have the same number 1");
  }

  @Test
  void refusesAFieldTheSchemaDoesNotHave() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 2, part: 3, when: 4, labels: 5, colour: 6}
          t.Part: {name: 1}
        """)).hasMessageContaining("type p.Thing: has no field colour");
  }

  @Test
  void refusesAPointerMarkOnAMessage() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 2, part: 3*, when: 4, labels: 5}
          t.Part: {name: 1}
        """)).hasMessageContaining("field part is marked as a pointer");
  }

  @Test
  void refusesAReferenceToAMessageItDoesNotDescribe() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Thing: {size: 1, count: 2, part: 3, when: 4, labels: 5}
        """)).hasMessageContaining("field part refers to p.Part, whose message is not described");
  }

  @Test
  void refusesAKindWithoutMessage() {
    assertThatThrownBy(() -> parse("""
        scalars: {t.Time: time}
        messages:
          t.Part: {name: 1}
        """)).hasMessageContaining("type p.Thing: is a kind");
  }

  private static ProtobufData parse(String protobuf) {
    Map<String, String> files = Map.of("index.yaml", SCHEMA_INDEX, "a.yaml", SCHEMA, "protobuf.yaml", protobuf);
    Function<String, InputStream> open =
        name -> new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8));
    return ProtobufData.parse(SchemaData.parse(open), open);
  }
}
