package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.store.RocksStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {
  @TempDir Path dir;
  RocksStore store;
  ApiService api;

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
  void applyCreatesThenConflictsOnAnotherManagersFieldUntilForced() {
    ObjectNode created = apply("alice", config(2, "v1"), false);
    assertThat(created.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(created.path("metadata").path("managedFields").get(0).path("manager").asString()).isEqualTo("alice");

    assertThatThrownBy(() -> apply("bob", config(3, "v1"), false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.Conflict);
          assertThat(e.getMessage()).contains("conflict with \"alice\"", ".spec.replicas");
          assertThat(e.causes()).extracting(ApiException.Cause::field).containsExactly(".spec.replicas");
        });
    assertThat(apply("bob", config(2, "v1"), false).path("spec").path("replicas").asInt())
        .as("the same value is shared ownership, not a conflict").isEqualTo(2);

    ObjectNode forced = apply("bob", config(3, "v1"), true);
    assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void fieldsAnApplierStopsApplyingAreRemovedUnlessSomeoneElseOwnsThem() {
    ObjectNode withLabel = config(2, "v1");
    ((ObjectNode) withLabel.get("metadata")).putObject("labels").put("team", "a");
    apply("alice", withLabel, false);
    ObjectNode result = apply("alice", config(2, "v2"), false);
    assertThat(result.path("metadata").path("labels").has("team")).isFalse();
    JsonNode container = result.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("image").asString()).isEqualTo("v2");

    api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", PatchType.MERGE,
        Json.parse("{\"spec\":{\"minReadySeconds\":5}}"), null,
        new WriteOptions(false, "kubectl-patch", FieldValidation.STRICT, w -> { }, false));
    ObjectNode kept = apply("alice", config(2, "v2"), false);
    assertThat(kept.path("spec").path("minReadySeconds").asInt()).as("owned by kubectl-patch").isEqualTo(5);
  }

  private ObjectNode apply(String manager, ObjectNode config, boolean force) {
    return api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", PatchType.APPLY, config, null,
        new WriteOptions(false, manager, FieldValidation.STRICT, w -> { }, force));
  }

  private static ObjectNode config(int replicas, String image) {
    return Json.parseObject("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"app","image":"%s"}]}}}}
        """.formatted(replicas, image));
  }
}
