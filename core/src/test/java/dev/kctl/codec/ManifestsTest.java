package dev.kctl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  private static final String DEPLOYMENT = """
      # the seed
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tomcat
        labels:
          app.kubernetes.io/name: tomcat
      spec:
        replicas: 2
        template:
          spec:
            containers:
              - name: tomcat
                image: tomcat
                ports:
                  - containerPort: 8080
      """;

  @Test
  void readsEveryDocumentOfAStreamInOrderAndSkipsEmptyOnes() {
    String text = """
        ---
        # nothing here
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data:
          enabled: yes
        """;

    List<Manifest> manifests = Manifests.read("all.yaml", text);

    assertThat(manifests).extracting(Manifest::kind, Manifest::name, Manifest::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Namespace", "shop", 4),
            org.assertj.core.groups.Tuple.tuple("ConfigMap", "settings", 10));
    assertThat(manifests.get(1).namespace()).isEqualTo("shop");
    assertThat(manifests.get(0).source()).isEqualTo("all.yaml");
  }

  @Test
  void readsYamlAsVersion12CoreSchema() {
    Manifest manifest = Manifests.read("m.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          yes: yes
          off: off
          nothing: ~
          octal: 0o17
          quoted: "1"
          big: 12345678901234567890
          half: 0.5
        """).getFirst();

    var data = manifest.object().path("data");
    assertThat(data.get("yes").isString()).isTrue();
    assertThat(data.get("off").asString()).isEqualTo("off");
    assertThat(data.get("nothing").isNull()).isTrue();
    assertThat(data.get("octal").asInt()).isEqualTo(15);
    assertThat(data.get("quoted").isString()).isTrue();
    assertThat(data.get("big").bigIntegerValue()).hasToString("12345678901234567890");
    assertThat(data.get("half").doubleValue()).isEqualTo(0.5);
  }

  @Test
  void findsTheLineOfFieldPathsAsTheApiServerNamesThem() {
    Manifest manifest = Manifests.read("samples/tomcat.yaml", DEPLOYMENT).getFirst();

    assertThat(manifest.line()).isEqualTo(2);
    assertThat(manifest.lineOf("spec.replicas")).isEqualTo(9);
    assertThat(manifest.lineOf("spec.template.spec.containers[0]")).isEqualTo(13);
    assertThat(manifest.lineOf("spec.template.spec.containers[0].image")).isEqualTo(14);
    assertThat(manifest.lineOf("spec.template.spec.containers[0].ports[0].containerPort")).isEqualTo(16);
    assertThat(manifest.lineOf("metadata.labels[app.kubernetes.io/name]")).isEqualTo(7);
  }

  @Test
  void pointsAMissingFieldAtItsClosestAncestorAndAnUnknownOneAtTheObject() {
    Manifest manifest = Manifests.read("d.yaml", DEPLOYMENT).getFirst();

    assertThat(manifest.lineOf("spec.selector")).isEqualTo(8);
    assertThat(manifest.lineOf("spec.template.spec.containers[0].resources.limits")).isEqualTo(13);
    assertThat(manifest.lineOf("status")).isEqualTo(2);
    assertThat(manifest.lineOf("")).isEqualTo(2);
  }

  @Test
  void expandsListsIntoTheirItemsWithTheirOwnLines() {
    List<Manifest> manifests = Manifests.read("list.yaml", """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata:
              name: a
          - apiVersion: v1
            kind: Pod
            metadata:
              name: b
            spec:
              containers: []
        """);

    assertThat(manifests).extracting(Manifest::name).containsExactly("a", "b");
    assertThat(manifests.get(1).line()).isEqualTo(8);
    assertThat(manifests.get(1).lineOf("spec.containers")).isEqualTo(13);
    assertThat(manifests.get(1).lineOf("metadata.name")).isEqualTo(11);
  }

  @Test
  void readsConcatenatedJsonObjectsWithLines() {
    List<Manifest> manifests = Manifests.read("objects.json", """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"name": "a"},
          "spec": {
            "containers": [
        \t\t{"name": "c", "image": "tomcat"}
            ]
          }
        }
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"}}
        """);

    assertThat(manifests).extracting(Manifest::name).containsExactly("a", "b");
    assertThat(manifests.get(0).lineOf("spec.containers[0].image")).isEqualTo(7);
    assertThat(manifests.get(1).line()).isEqualTo(11);
  }

  @Test
  void namesFileLineAndColumnOfASyntaxError() {
    assertThatThrownBy(() -> Manifests.read("bad.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a: b
        """))
        .isInstanceOf(ManifestException.class)
        .hasMessage("bad.yaml:4:10: mapping values are not allowed here")
        .satisfies(e -> {
          ManifestException m = (ManifestException) e;
          assertThat(m.line()).isEqualTo(4);
          assertThat(m.column()).isEqualTo(10);
        });
  }

  @Test
  void rejectsADocumentWithoutNameNamingItsLine() {
    assertThatThrownBy(() -> Manifests.read("two.yaml", """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ok
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          labels: {a: b}
        """))
        .isInstanceOf(ManifestException.class)
        .hasMessage("two.yaml:6: object is missing metadata.name");
  }

  @Test
  void rejectsAnObjectWithoutApiVersionAndKind() {
    assertThatThrownBy(() -> Manifests.read("x.yaml", "metadata: {name: x}\n"))
        .hasMessage("x.yaml:1: object is missing apiVersion, kind");
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() {
    assertThatThrownBy(() -> Manifests.read("x.yaml", "- a\n- b\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("x.yaml:1:1: expected an object with apiVersion, kind and metadata, found a list");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> Manifests.read("dup.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          name: b
        """))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("dup.yaml:5:")
        .hasMessageContaining("duplicate field \"name\" in metadata");
  }

  @Test
  void rejectsDuplicateKeysInJsonAlike() {
    assertThatThrownBy(() -> Manifests.read("dup.json", """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "a"}, "kind": "Service"}
        """))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("dup.json:2:")
        .hasMessageContaining("duplicate field \"kind\"");
  }

  @Test
  void expandsAliases() {
    Manifest manifest = Manifests.read("a.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          labels: &labels {app: web}
          annotations: *labels
        """).getFirst();

    assertThat(manifest.object().path("metadata").path("annotations").path("app").asString())
        .isEqualTo("web");
  }

  @Test
  void refusesAliasBombs() {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }

    assertThatThrownBy(() -> Manifests.read("bomb.yaml", bomb.toString()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("bomb.yaml:")
        .hasMessageContaining("too many events to replay")
        .hasMessageNotContaining("from `");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "a: " + "[".repeat(Manifests.MAX_DEPTH + 5) + "]".repeat(Manifests.MAX_DEPTH + 5) + "\n";

    assertThatThrownBy(() -> Manifests.read("deep.yaml", deep))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("deep.yaml:1")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void refusesOversizedInputBeforeParsing() {
    String huge = "#" + " ".repeat(Manifests.MAX_CHARS);

    assertThatThrownBy(() -> Manifests.read("huge.yaml", huge))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("huge.yaml: is ");
  }

  @Test
  void returnsNothingForAnEmptyInput() {
    assertThat(Manifests.read("empty.yaml", "")).isEmpty();
    assertThat(Manifests.read("comments.yaml", "# only a comment\n---\n")).isEmpty();
  }
}
