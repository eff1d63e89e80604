package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.MetricsTypes;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** top prints kubectl's columns from the metrics API. */
class TopCommandTest {
  private static final String APIS = """
      {"kind": "APIGroupList", "groups": [{"name": "apps", "versions": [{"groupVersion": "apps/v1", "version": "v1"}]},
        {"name": "metrics.k8s.io", "versions": [{"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}]}]}""";
  private final CliRun cli = new CliRun();

  @BeforeEach
  void metricsApi() {
    cli.paths.put("/apis", APIS);
  }

  @Test
  void nodesShowUsageAndItsShareOfAllocatableAndUnknownForNodesWithoutMetrics() {
    node("node-a", "2", "4Gi");
    node("node-b", "4", "8Gi");
    cli.client.put(MetricsTypes.NODES, Json.parseObject("""
        {"metadata": {"name": "node-a"}, "usage": {"cpu": "500000001n", "memory": "1048576Ki"}}"""));

    CliRun.Result result = cli.kctl("top", "node");

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo("""
        NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)  \s
        node-a   501m         25%         1024Mi          25%        \s
        node-b   <unknown>    <unknown>   <unknown>       <unknown>  \s
        """);
  }

  @Test
  void podsAreTheSumOfTheirContainersSortedByCpuOnRequest() {
    podMetrics("default", "idle", "{\"name\": \"main\", \"usage\": {\"cpu\": \"1000000n\", \"memory\": \"2048Ki\"}}");
    podMetrics("default", "busy", "{\"name\": \"a\", \"usage\": {\"cpu\": \"900000000n\", \"memory\": \"4096Ki\"}},"
        + "{\"name\": \"b\", \"usage\": {\"cpu\": \"100000000n\", \"memory\": \"1024Ki\"}}");
    podMetrics("shop", "other", "{\"name\": \"main\", \"usage\": {\"cpu\": \"0\", \"memory\": \"0\"}}");

    CliRun.Result result = cli.kctl("top", "pod", "--sort-by=cpu");

    assertThat(result.out()).isEqualTo("""
        NAME   CPU(cores)   MEMORY(bytes)  \s
        busy   1000m        5Mi            \s
        idle   1m           2Mi            \s
        """);
  }

  @Test
  void containersOfAllNamespacesGetNamespaceAndPodColumns() {
    podMetrics("default", "web", "{\"name\": \"main\", \"usage\": {\"cpu\": \"2000000n\", \"memory\": \"3072Ki\"}}");
    podMetrics("shop", "cart", "{\"name\": \"main\", \"usage\": {\"cpu\": \"0\", \"memory\": \"1024Ki\"}}");

    CliRun.Result result = cli.kctl("top", "pod", "-A", "--containers", "--no-headers");

    assertThat(result.out()).isEqualTo("""
        default   web    main   2m    3Mi  \s
        shop      cart   main   0m    1Mi  \s
        """);
  }

  @Test
  void podsWithoutMetricsYetAreAnErrorAndNoPodsAtAllIsNotOne() {
    CliRun.Result none = cli.kctl("top", "pod");
    assertThat(none.code()).isZero();
    assertThat(none.err()).isEqualTo("No resources found in default namespace.\n");

    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "new", "namespace": "default", "creationTimestamp": "2025-01-01T00:04:30Z"}}"""));
    CliRun.Result young = cli.kctl("top", "pod");
    assertThat(young.code()).isEqualTo(1);
    assertThat(young.err()).isEqualTo("error: metrics not available yet\n");

    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "old", "namespace": "default", "creationTimestamp": "2025-01-01T00:00:00Z"}}"""));
    assertThat(cli.kctl("top", "pod").err()).isEqualTo("error: Metrics not available for pod default/old, age: 5m0s\n");
  }

  @Test
  void withoutTheMetricsGroupTheApiIsNotAvailable() {
    cli.paths.put("/apis", "{\"kind\": \"APIGroupList\", \"groups\": []}");

    CliRun.Result result = cli.kctl("top", "node");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: Metrics API not available\n");
  }

  @Test
  void sortByAcceptsOnlyCpuOrMemory() {
    assertThat(cli.kctl("top", "pod", "--sort-by=name").err()).isEqualTo("error: --sort-by accepts only cpu or memory\n");
  }

  @Test
  void goDurationsAsKubectlPrintsAges() {
    assertThat(TopCommand.goDuration(Duration.ofSeconds(150).plusMillis(500))).isEqualTo("2m30.5s");
    assertThat(TopCommand.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(TopCommand.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
  }

  private void node(String name, String cpu, String memory) {
    cli.client.put(ResourceTypes.NODES, Json.parseObject("""
        {"metadata": {"name": "%s"}, "status": {"allocatable": {"cpu": "%s", "memory": "%s"}}}"""
        .formatted(name, cpu, memory)));
  }

  private void podMetrics(String namespace, String name, String containers) {
    cli.client.put(MetricsTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "%s", "namespace": "%s"}, "containers": [%s]}""".formatted(name, namespace, containers)));
  }
}
