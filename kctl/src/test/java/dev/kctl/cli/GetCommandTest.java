package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.WatchEvent;
import dev.kctl.codec.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GetCommandTest {
  private final CliRun cli = new CliRun();

  private static ObjectNode pod(String name, String phase, String labels, int port) {
    return Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "%s", "namespace": "default", "labels": %s},
         "spec": {"containers": [{"name": "c", "image": "tomcat", "ports": [{"containerPort": %d}]}]},
         "status": {"phase": "%s"}}""".formatted(name, labels, port, phase));
  }

  @BeforeEach
  void pods() {
    cli.client.put(ResourceTypes.PODS, pod("web-10", "Running", "{\"app\": \"web\", \"tier\": \"front\"}", 8080));
    cli.client.put(ResourceTypes.PODS, pod("web-2", "Pending", "{}", 80));
  }

  @Test
  void jsonPathTemplatesRenderOverTheList() {
    assertThat(cli.kctl("get", "pods", "-o", "jsonpath={.items[*].metadata.name}").out()).isEqualTo("web-10 web-2");
    assertThat(cli.kctl("get", "pods", "-o=jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.name}{\"\\n\"}{end}").out())
        .isEqualTo("web-10\n");
    assertThat(cli.kctl("get", "pod", "web-2", "-o", "jsonpath={.spec.containers[0].ports[0].containerPort}").out())
        .isEqualTo("80");
  }

  @Test
  void customColumnsPrintOneRowPerObject() {
    assertThat(cli.kctl("get", "pods", "-o", "custom-columns=NAME:.metadata.name,PORT:.spec.containers[*].ports[*].containerPort,APP:.metadata.labels.app").out())
        .isEqualTo("""
            NAME     PORT   APP
            web-10   8080   web
            web-2    80     <none>
            """);
  }

  @Test
  void showLabelsAddsALabelsColumn() {
    assertThat(cli.kctl("get", "pods", "--show-labels").out()).isEqualTo("""
        NAME     LABELS
        web-10   app=web,tier=front
        web-2    <none>
        """);
  }

  @Test
  void fieldSelectorsGoToTheServer() {
    assertThat(cli.kctl("get", "pods", "--field-selector", "status.phase=Pending", "-o", "name").out())
        .isEqualTo("pod/web-2\n");
  }

  @Test
  void sortByOrdersTablesAndObjectsNaturally() {
    assertThat(cli.kctl("get", "pods", "--sort-by", ".metadata.name", "--no-headers").out()).isEqualTo("web-2\nweb-10\n");
    assertThat(cli.kctl("get", "pods", "--sort-by", "{.spec.containers[0].ports[0].containerPort}", "-o", "name").out())
        .isEqualTo("pod/web-2\npod/web-10\n");
  }

  @Test
  void allListsTheTypesOfTheAllCategoryWithTheirKinds() {
    cli.client.put(ResourceTypes.DEPLOYMENTS, Json.parseObject(
        "{\"metadata\": {\"name\": \"web\", \"namespace\": \"default\"}, \"spec\": {}}"));

    assertThat(cli.kctl("get", "all").out()).isEqualTo("""
        NAME
        pod/web-10
        pod/web-2

        NAME
        deployment.apps/web
        """);
  }

  @Test
  void watchPrintsARowPerEventUntilTheWatchEnds() throws Exception {
    CompletableFuture<CliRun.Result> run = CompletableFuture.supplyAsync(() -> cli.kctl("get", "pods", "-w"));
    assertThat(cli.client.watchOpened.await(10, TimeUnit.SECONDS)).isTrue();

    ObjectNode added = pod("web-3", "Pending", "{}", 80);
    cli.client.put(ResourceTypes.PODS, added);
    cli.client.watchers.getFirst().onEvent(new WatchEvent(WatchEvent.Type.ADDED, added));
    cli.client.objects.remove("pods/default/web-2");
    cli.client.watchers.getFirst().onEvent(new WatchEvent(WatchEvent.Type.DELETED, pod("web-2", "Pending", "{}", 80)));
    cli.client.watchers.getFirst().onClose(null);

    CliRun.Result result = await("get -w returns").atMost(Duration.ofSeconds(10)).until(run::get, r -> r != null);
    assertThat(result.out()).isEqualTo("""
        NAME
        web-10
        web-2
        web-3
        web-2
        """);
  }
}
