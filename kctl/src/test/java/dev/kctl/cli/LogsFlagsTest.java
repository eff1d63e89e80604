package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;

/** logs' --since, --since-time, --timestamps, -l, --all-containers and --prefix against the fake API. */
class LogsFlagsTest {
  private final CliRun cli = new CliRun();

  private void pod(String name, String... containers) {
    StringBuilder list = new StringBuilder();
    for (String c : containers) {
      list.append(list.isEmpty() ? "" : ",").append("{\"name\": \"").append(c).append("\"}");
    }
    cli.client.put(ResourceTypes.PODS, Json.parseObject(("{\"metadata\": {\"name\": \"%s\", \"namespace\": \"default\","
        + " \"labels\": {\"app\": \"web\"}}, \"spec\": {\"containers\": [%s]}}").formatted(name, list)));
  }

  @Test
  void passesSinceAndTimestampsToTheServer() {
    pod("web-1", "app");

    cli.kctl("logs", "web-1", "--since=2m", "--timestamps");

    assertThat(cli.client.lastLogOptions.sinceSeconds()).isEqualTo(120);
    assertThat(cli.client.lastLogOptions.timestamps()).isTrue();
    cli.kctl("logs", "web-1", "--since-time=2025-01-01T00:00:00Z");
    assertThat(cli.client.lastLogOptions.sinceTime()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(cli.kctl("logs", "web-1", "--since=1m", "--since-time=2025-01-01T00:00:00Z").err())
        .isEqualTo("error: at most one of `sinceTime` or `sinceSeconds` may be specified\n");
  }

  @Test
  void selectorPrintsTheLogsOfEveryMatchingPodWithPrefixesAndTheLast10LinesByDefault() {
    pod("web-1", "app");
    pod("web-2", "app");
    cli.client.logsByPod.put("web-1", "one\n");
    cli.client.logsByPod.put("web-2", "two\n");

    CliRun.Result result = cli.kctl("logs", "-l", "app=web", "--prefix");

    assertThat(result.out()).isEqualTo("[pod/web-1/app] one\n[pod/web-2/app] two\n");
    assertThat(cli.client.lastLogOptions.tailLines()).isEqualTo(10);
  }

  @Test
  void allContainersPrintsEachContainersLog() {
    pod("web-1", "app", "sidecar");
    cli.client.log = "line\n";

    CliRun.Result result = cli.kctl("logs", "web-1", "--all-containers", "--prefix");

    assertThat(result.out()).isEqualTo("[pod/web-1/app] line\n[pod/web-1/sidecar] line\n");
    assertThat(cli.client.lastLogOptions.container()).isEqualTo("sidecar");
  }

  @Test
  void followingSeveralPodsPrintsWholeLinesOfEach() {
    pod("web-1", "app");
    pod("web-2", "app");
    cli.client.logsByPod.put("web-1", "a1\na2\n");
    cli.client.logsByPod.put("web-2", "b1\n");

    CliRun.Result result = cli.kctl("logs", "-f", "-l", "app=web", "--prefix");

    assertThat(result.out().lines()).containsExactlyInAnyOrder("[pod/web-1/app] a1", "[pod/web-1/app] a2",
        "[pod/web-2/app] b1");
    assertThat(cli.kctl("logs", "-f", "-l", "app=web", "--max-log-requests=1").err())
        .isEqualTo("error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1,"
            + " use --max-log-requests to increase the limit\n");
  }
}
