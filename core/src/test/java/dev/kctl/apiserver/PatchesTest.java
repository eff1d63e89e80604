package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PatchesTest {
  static final JsonNode DEPLOYMENT = Json.parse("""
      {"metadata":{"name":"web","finalizers":["a"]},
       "spec":{"replicas":1,"template":{"spec":{"containers":[
         {"name":"app","image":"v1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
          "ports":[{"containerPort":8080}]},
         {"name":"side","image":"s1"}]}}}}
      """);

  @Test
  void strategicMergeMergesContainersAndEnvByNameAndKeepsOthers() {
    JsonNode patched = StrategicMergePatch.apply(ResourceTypes.DEPLOYMENTS, DEPLOYMENT, Json.parse("""
        {"spec":{"template":{"spec":{"containers":[
          {"name":"app","image":"v2","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}}}
        """));
    JsonNode containers = patched.path("spec").path("template").path("spec").path("containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("image").asString()).isEqualTo("v2");
    assertThat(containers.get(0).path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    assertThat(containers.get(0).path("env").toString())
        .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"3\"},{\"name\":\"C\",\"value\":\"4\"}]");
    assertThat(containers.get(1).path("image").asString()).isEqualTo("s1");
  }

  @Test
  void strategicMergeDeletesByDirectiveAndUnitesFinalizers() {
    JsonNode patched = StrategicMergePatch.apply(ResourceTypes.DEPLOYMENTS, DEPLOYMENT, Json.parse("""
        {"metadata":{"finalizers":["b"]},
         "spec":{"replicas":null,"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}
        """));
    assertThat(patched.path("metadata").path("finalizers").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(patched.path("spec").has("replicas")).isFalse();
    assertThat(patched.path("spec").path("template").path("spec").path("containers")).hasSize(1);
  }

  @Test
  void mergePatchReplacesListsAndNullDeletes() {
    JsonNode patched = MergePatch.apply(DEPLOYMENT, Json.parse("""
        {"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"}]}}},"metadata":{"finalizers":null}}
        """));
    assertThat(patched.path("spec").path("template").path("spec").path("containers")).hasSize(1);
    assertThat(patched.path("metadata").has("finalizers")).isFalse();
    assertThat(patched.path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void jsonPatchAppliesOperationsInOrderAndFailsAtomicallyOnATest() {
    JsonNode patched = JsonPatch.apply(DEPLOYMENT, Json.parse("""
        [{"op":"replace","path":"/spec/replicas","value":3},
         {"op":"add","path":"/metadata/labels","value":{"a/b":"c"}},
         {"op":"copy","from":"/metadata/labels/a~1b","path":"/metadata/labels/copy"},
         {"op":"remove","path":"/spec/template/spec/containers/1"}]
        """));
    assertThat(patched.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(patched.path("metadata").path("labels").path("copy").asString()).isEqualTo("c");
    assertThat(patched.path("spec").path("template").path("spec").path("containers")).hasSize(1);
    assertThatThrownBy(() -> JsonPatch.apply(DEPLOYMENT, Json.parse(
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]"))).isInstanceOf(ApiException.class);
    assertThat(DEPLOYMENT.path("spec").path("replicas").asInt()).isEqualTo(1);
  }
}
