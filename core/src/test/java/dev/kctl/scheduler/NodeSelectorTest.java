package dev.kctl.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NodeSelectorTest {
  private final NodeSelector filter = new NodeSelector();

  private static NodeInfo node(String name, String labels) {
    return NodeInfo.of(Json.parseObject("""
        {"metadata": {"name": "%s", "labels": %s}, "status": {"allocatable": {"cpu": "1"}}}""".formatted(name, labels)), List.of());
  }

  private static PodInfo pod(String affinity) {
    ObjectNode pod = Json.parseObject("""
        {"metadata": {"name": "p", "namespace": "default"},
         "spec": {"containers": [{"name": "c"}],
                  "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": %s}}}}}"""
        .formatted(affinity));
    return PodInfo.of(pod);
  }

  @Test
  void matchFieldsOnTheNodeNamePinAPodToOneNode() {
    PodInfo daemon = pod("""
        [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n2"]}]}]""");
    assertThat(filter.filter(daemon, node("n1", "{}"))).isInstanceOf(FilterStatus.Unresolvable.class);
    assertThat(filter.filter(daemon, node("n2", "{}"))).isInstanceOf(FilterStatus.Fits.class);
  }

  @Test
  void anyTermMayMatchAndEveryExpressionOfItMust() {
    PodInfo pod = pod("""
        [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]},
                               {"key": "gpu", "operator": "DoesNotExist"}]},
         {"matchExpressions": [{"key": "cores", "operator": "Gt", "values": ["16"]}]}]""");
    assertThat(filter.filter(pod, node("n1", "{\"zone\": \"a\"}"))).isInstanceOf(FilterStatus.Fits.class);
    assertThat(filter.filter(pod, node("n2", "{\"zone\": \"a\", \"gpu\": \"yes\"}"))).isInstanceOf(FilterStatus.Unresolvable.class);
    assertThat(filter.filter(pod, node("n3", "{\"zone\": \"c\", \"cores\": \"32\"}"))).isInstanceOf(FilterStatus.Fits.class);
    assertThat(filter.filter(pod, node("n4", "{\"zone\": \"c\", \"cores\": \"8\"}"))).isInstanceOf(FilterStatus.Unresolvable.class);
  }
}
