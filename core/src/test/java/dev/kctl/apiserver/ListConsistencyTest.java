package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.codec.Json;
import dev.kctl.store.RocksStore;
import dev.kctl.store.StoreConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ListConsistencyTest {
  @TempDir Path dir;
  RocksStore store;
  ApiService api;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir);
    api = new ApiService(store, InstantSource.system());
    api.create(ResourceTypes.NAMESPACES, null, Json.parseObject("{\"metadata\":{\"name\":\"default\"}}"), WriteOptions.DEFAULT);
    for (int i = 0; i < 5; i++) {
      configMap("cm-" + i, i % 2 == 0 ? "even" : "odd");
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void pagesAfterTheFirstShowTheFirstPagesRevisionWhateverChangedMeanwhile() {
    ObjectNode first = api.list(ResourceTypes.CONFIGMAPS, "default", page(2, ""));
    assertThat(names(first)).containsExactly("cm-0", "cm-1");
    assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);

    api.delete(ResourceTypes.CONFIGMAPS, "default", "cm-3", DeleteOptions.DEFAULT, WriteOptions.DEFAULT);
    configMap("cm-2a", "even");

    List<String> rest = new ArrayList<>();
    String token = first.path("metadata").path("continue").asString();
    while (!token.isEmpty()) {
      ObjectNode next = api.list(ResourceTypes.CONFIGMAPS, "default", page(2, token));
      assertThat(next.path("metadata").path("resourceVersion").asString())
          .isEqualTo(first.path("metadata").path("resourceVersion").asString());
      rest.addAll(names(next));
      token = next.path("metadata").path("continue").asString("");
    }
    assertThat(rest).containsExactly("cm-2", "cm-3", "cm-4");
  }

  @Test
  void aSelectedPageDoesNotCountWhatRemains() {
    ObjectNode page = api.list(ResourceTypes.CONFIGMAPS, "default", page(1, "").withLabelSelector("parity=even"));
    assertThat(names(page)).containsExactly("cm-0");
    assertThat(page.path("metadata").has("continue")).isTrue();
    assertThat(page.path("metadata").has("remainingItemCount")).isFalse();
  }

  @Test
  void anExactListReadsThatRevisionAndNotOlderThanReadsTheLatest() {
    String before = api.list(ResourceTypes.CONFIGMAPS, "default", ListOptions.NONE)
        .path("metadata").path("resourceVersion").asString();
    configMap("cm-5", "odd");

    ObjectNode exact = api.list(ResourceTypes.CONFIGMAPS, "default", match(before, "Exact"));
    ObjectNode notOlder = api.list(ResourceTypes.CONFIGMAPS, "default", match(before, "NotOlderThan"));

    assertThat(exact.path("metadata").path("resourceVersion").asString()).isEqualTo(before);
    assertThat(names(exact)).hasSize(5).doesNotContain("cm-5");
    assertThat(names(notOlder)).hasSize(6).contains("cm-5");
  }

  @Test
  void versionsTheServerNeverIssuedAndContradictoryOptionsAreRefused() {
    long current = store.revision();
    assertThatThrownBy(() -> api.list(ResourceTypes.CONFIGMAPS, "default", match(Long.toString(current + 10), "")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.Timeout);
          assertThat(e.causes()).extracting(ApiException.Cause::reason).containsExactly("ResourceVersionTooLarge");
        });
    assertThatThrownBy(() -> api.list(ResourceTypes.CONFIGMAPS, "default", match("", "Exact")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.Invalid))
        .hasMessageContaining("resourceVersionMatch is forbidden unless resourceVersion is provided");
    assertThatThrownBy(() -> api.list(ResourceTypes.CONFIGMAPS, "default", match("0", "Exact")))
        .hasMessageContaining("forbidden for resourceVersion \"0\"");
    assertThatThrownBy(() -> api.list(ResourceTypes.CONFIGMAPS, "default", match("1", "Newest")))
        .hasMessageContaining("Unsupported value: \"Newest\"");
  }

  @Test
  void aPastVersionWhoseHistoryIsCompactedIsExpired() {
    store.close();
    store = RocksStore.open(dir, new StoreConfig(2, 3, 2, 1_000));
    api = new ApiService(store, InstantSource.system());
    for (int i = 5; i < 15; i++) {
      configMap("cm-" + i, "any");
    }
    await().until(() -> store.compactedRevision() > 2);

    assertThatThrownBy(() -> api.list(ResourceTypes.CONFIGMAPS, "default", match("2", "Exact")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.Expired))
        .hasMessageContaining("too old");
  }

  private void configMap(String name, String parity) {
    api.create(ResourceTypes.CONFIGMAPS, "default", Json.parseObject(
        "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"parity\":\"" + parity + "\"}}}"), WriteOptions.DEFAULT);
  }

  private static ListOptions page(long limit, String token) {
    return new ListOptions("", "", "", limit, token, false);
  }

  private static ListOptions match(String resourceVersion, String match) {
    return new ListOptions("", "", resourceVersion, 0, "", false, match);
  }

  private static List<String> names(ObjectNode list) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      names.add(item.path("metadata").path("name").asString());
    }
    return names;
  }
}
