package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import dev.kctl.store.RocksStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class FieldWarningsTest {
  @TempDir Path dir;
  RocksStore store;
  ApiService api;
  final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void open() {
    store = RocksStore.open(dir);
    api = new ApiService(store, InstantSource.system());
    api.create(ResourceTypes.NAMESPACES, null, Json.parseObject("{\"metadata\":{\"name\":\"default\"}}"), WriteOptions.DEFAULT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void fieldsKeptWithoutEffectAreNamedInWarningsAndStored() {
    ObjectNode pod = pod("\"priorityClassName\":\"high\",");
    ObjectNode created = api.create(ResourceTypes.PODS, "default", pod, options(FieldValidation.STRICT));
    assertThat(warnings).singleElement().asString().startsWith("spec.priorityClassName is kept but has no effect");
    assertThat(created.path("spec").path("priorityClassName").asString()).isEqualTo("high");
  }

  @Test
  void podsGetTheDefaultTolerationsOfNodeFailuresUnlessTheyHaveTheirOwn() {
    ObjectNode plain = api.create(ResourceTypes.PODS, "default", pod(""), options(FieldValidation.STRICT));
    assertThat(plain.path("spec").path("tolerations")).extracting(t -> "%s:%s:%s:%d".formatted(t.path("key").asString(),
            t.path("operator").asString(), t.path("effect").asString(), t.path("tolerationSeconds").asInt()))
        .containsExactly("node.kubernetes.io/not-ready:Exists:NoExecute:300", "node.kubernetes.io/unreachable:Exists:NoExecute:300");

    ObjectNode own = pod("""
        "tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}],""");
    ObjectMeta.mutable(own).put("name", "own");
    ObjectNode created = api.create(ResourceTypes.PODS, "default", own, options(FieldValidation.STRICT));
    assertThat(created.path("spec").path("tolerations")).extracting(t -> t.path("key").asString() + ":" + t.path("tolerationSeconds").asInt())
        .containsExactly("node.kubernetes.io/unreachable:5", "node.kubernetes.io/not-ready:300");
    assertThat(warnings).isEmpty();
  }

  @Test
  void unknownFieldsAreRefusedUnderStrictAndWarnedUnderWarn() {
    assertThatThrownBy(() -> api.create(ResourceTypes.PODS, "default", pod("\"nodeNme\":\"x\","), options(FieldValidation.STRICT)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.BadRequest);
          assertThat(e.getMessage()).contains("unknown field \"spec.nodeNme\"");
        });
    assertThat(api.list(ResourceTypes.PODS, "default", dev.kctl.client.ListOptions.NONE).path("items")).isEmpty();
    api.create(ResourceTypes.PODS, "default", pod("\"nodeNme\":\"x\","), options(FieldValidation.WARN));
    assertThat(warnings).containsExactly("unknown field \"spec.nodeNme\"");
  }

  private WriteOptions options(FieldValidation validation) {
    return new WriteOptions(false, "test", validation, warnings::add, false);
  }

  private static ObjectNode pod(String extraSpec) {
    return Json.parseObject("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
         "spec":{%s"containers":[{"name":"c","image":"tomcat"}]}}
        """.formatted(extraSpec));
  }
}
