package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's durability promise against real crashes: kctld takes ConfigMap creates from several
 * concurrent clients, is killed with SIGKILL after a random number of acknowledged writes, and is
 * restarted on the same data folder, three times over. Every acknowledged write must come back
 * with the resourceVersion it was acknowledged with, no two objects may share a resourceVersion,
 * revisions must go on from where they were, and the event log must replay the creates in order.
 */
class StoreCrashIT {
  static final Path ROOT = Path.of(System.getProperty("kctl.root", "..")).toAbsolutePath().normalize();
  static final int CLIENTS = 8;
  static final int KILLS = 3;
  static final String NAMESPACE = "default";

  @TempDir Path home;
  KillableKctld kctld;

  @AfterEach
  void stop() {
    if (kctld != null) {
      kctld.close();
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkillWithItsResourceVersion() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Path data = home.resolve("server");
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    long firstRevision = -1;

    for (int round = 1; round <= KILLS; round++) {
      kctld = KillableKctld.start(ROOT, data, home.resolve("kctld-" + round + ".log"));
      Path kubeconfig = data.resolve("admin.kubeconfig");
      try (RestClient api = RestClient.connect(KubeConfig.load(kubeconfig))) {
        long listed = checkSurvivors(api, acknowledged, "after kill " + (round - 1) + " (seed " + seed + ")");
        if (firstRevision < 0) {
          firstRevision = listed;
        }
      }
      int killAfter = 100 + random.nextInt(700);
      writeUntilKilled(kubeconfig, round, killAfter, acknowledged);
    }

    kctld = KillableKctld.start(ROOT, data, home.resolve("kctld-final.log"));
    try (RestClient api = RestClient.connect(KubeConfig.load(data.resolve("admin.kubeconfig")))) {
      String context = "after the last kill (seed " + seed + ")";
      long listed = checkSurvivors(api, acknowledged, context);
      Map<String, Long> stored = configMaps(api);
      assertThat(acknowledged).as("acknowledged writes").hasSizeGreaterThanOrEqualTo(KILLS * 100);
      checkEventLog(api, firstRevision, stored, context);

      ObjectNode next = api.create(ResourceTypes.CONFIGMAPS, NAMESPACE, configMap("after-crashes"));
      assertThat(resourceVersion(next)).as("a write after the restarts, " + context).isGreaterThan(listed);
    }
  }

  /** Lists the ConfigMaps and checks every acknowledged one is there unchanged; returns the list's revision. */
  private long checkSurvivors(RestClient api, Map<String, Long> acknowledged, String context) {
    ObjectNode list = api.list(ResourceTypes.CONFIGMAPS, NAMESPACE, ListOptions.NONE);
    Map<String, Long> stored = names(list);
    long listed = Long.parseLong(list.path("metadata").path("resourceVersion").asString(""));
    assertThat(stored).as("stored ConfigMaps " + context).containsAllEntriesOf(acknowledged);
    assertThat(stored.values()).as("resourceVersions " + context).doesNotHaveDuplicates()
        .allSatisfy(rv -> assertThat(rv).isLessThanOrEqualTo(listed));
    return listed;
  }

  /**
   * Watches from before the first write: the event log must hold one ADDED per stored ConfigMap,
   * with its resourceVersion, in strictly increasing order.
   */
  private static void checkEventLog(RestClient api, long from, Map<String, Long> stored, String context) {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    WatchHandler handler = new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        events.add(event);
      }

      @Override
      public void onClose(ApiException cause) {
        if (cause != null) {
          events.add(new WatchEvent(WatchEvent.Type.ERROR, Json.object().put("message", cause.getMessage())));
        }
      }
    };
    try (Watch watch = api.watch(ResourceTypes.CONFIGMAPS, NAMESPACE,
        ListOptions.NONE.withResourceVersion(Long.toString(from)), handler)) {
      await("%d events from revision %d".formatted(stored.size(), from)).atMost(ofSeconds(30))
          .until(() -> events.size() >= stored.size());
    }
    List<Long> revisions = new ArrayList<>();
    Map<String, Long> replayed = new HashMap<>();
    for (WatchEvent event : events) {
      assertThat(event.type()).as("event " + context + ": " + event.object()).isEqualTo(WatchEvent.Type.ADDED);
      long rv = resourceVersion(event.object());
      revisions.add(rv);
      replayed.put(event.object().path("metadata").path("name").asString(""), rv);
    }
    assertThat(revisions).as("event revisions " + context).isSorted().doesNotHaveDuplicates();
    assertThat(replayed).as("the event log replayed " + context).isEqualTo(stored);
  }

  /**
   * Runs {@link #CLIENTS} clients creating ConfigMaps as fast as they can, recording each
   * acknowledged one; SIGKILLs kctld once this round has {@code killAfter} acknowledgements.
   */
  private void writeUntilKilled(Path kubeconfig, int round, int killAfter, Map<String, Long> acknowledged)
      throws Exception {
    AtomicInteger acks = new AtomicInteger();
    AtomicBoolean killing = new AtomicBoolean();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CLIENTS; c++) {
        String prefix = "r%d-c%d-".formatted(round, c);
        pool.submit(() -> {
          try (RestClient client = RestClient.connect(KubeConfig.load(kubeconfig))) {
            for (int i = 0; !killing.get(); i++) {
              ObjectNode created = client.create(ResourceTypes.CONFIGMAPS, NAMESPACE, configMap(prefix + i));
              acknowledged.put(prefix + i, resourceVersion(created));
              acks.incrementAndGet();
            }
          } catch (RuntimeException e) {
            if (!killing.get()) {
              failures.add(e);
            }
          }
        });
      }
      await("%d acknowledged writes in round %d".formatted(killAfter, round)).atMost(ofSeconds(60))
          .failFast("a client failed before the kill: " + failures, () -> !failures.isEmpty())
          .until(() -> acks.get() >= killAfter);
      killing.set(true);
      kctld.kill();
    }
    assertThat(failures).as("client failures before the kill in round " + round).isEmpty();
  }

  private static ObjectNode configMap(String name) {
    ObjectNode cm = Json.object();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name);
    cm.putObject("data").put("payload", "x".repeat(200));
    return cm;
  }

  private static Map<String, Long> configMaps(RestClient api) {
    return names(api.list(ResourceTypes.CONFIGMAPS, NAMESPACE, ListOptions.NONE));
  }

  private static Map<String, Long> names(ObjectNode list) {
    Map<String, Long> out = new HashMap<>();
    for (JsonNode item : list.path("items")) {
      out.put(item.path("metadata").path("name").asString(""), resourceVersion(item));
    }
    return out;
  }

  private static long resourceVersion(JsonNode object) {
    return Long.parseLong(object.path("metadata").path("resourceVersion").asString(""));
  }
}
