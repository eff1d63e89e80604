package dev.kctl.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.MetricsTypes;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DiscoveryTest {
  private static final String KUBECTL_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  @Test
  void versionClaimsTheKubernetesMinorKubectlIsTestedWith() {
    ObjectNode version = Discovery.version();

    assertThat(version.path("major").asString()).isEqualTo("1");
    assertThat(version.path("minor").asString()).isEqualTo("32");
    assertThat(version.path("gitVersion").asString()).startsWith("v1.32.");
    assertThat(version.path("platform").asString()).matches("[a-z0-9]+/[a-z0-9_]+");
  }

  @Test
  void apiListsTheCoreVersionAndApisListsEveryNamedGroup() {
    assertThat(names(Discovery.coreVersions().path("versions"))).containsExactly("v1");

    ObjectNode groups = Discovery.groups();
    assertThat(groups.path("kind").asString()).isEqualTo("APIGroupList");
    JsonNode apps = find(groups.path("groups"), "name", "apps");
    assertThat(apps.path("versions").get(0).path("groupVersion").asString()).isEqualTo("apps/v1");
    assertThat(apps.path("preferredVersion").path("version").asString()).isEqualTo("v1");
    assertThat(find(groups.path("groups"), "name", "")).isNull();
  }

  @Test
  void resourceListsNameEveryResourceTypeWithItsNamesAndScope() {
    for (ResourceType type : ResourceTypes.all()) {
      ObjectNode list = Discovery.resources(type.group(), type.version()).orElseThrow();
      JsonNode entry = find(list.path("resources"), "name", type.resource());

      assertThat(entry).as(type.qualifiedResource()).isNotNull();
      assertThat(entry.path("kind").asString()).isEqualTo(type.kind());
      assertThat(entry.path("singularName").asString()).isEqualTo(type.singular());
      assertThat(entry.path("namespaced").asBoolean()).isEqualTo(type.namespaced());
      assertThat(names(entry.path("shortNames"))).containsExactlyElementsOf(type.shortNames());
      assertThat(names(entry.path("verbs"))).contains("get", "list", "watch", "create", "update", "patch", "delete");
      assertThat(list.path("groupVersion").asString()).isEqualTo(type.apiVersion());
    }
  }

  @Test
  void resourceListsNameSubresourcesWithTheirKindAndVerbs() {
    JsonNode core = Discovery.resources("", "v1").orElseThrow().path("resources");
    JsonNode apps = Discovery.resources("apps", "v1").orElseThrow().path("resources");

    assertThat(find(core, "name", "pods/status").path("kind").asString()).isEqualTo("Pod");
    assertThat(names(find(core, "name", "pods/status").path("verbs"))).containsExactly("get", "patch", "update");
    assertThat(find(core, "name", "pods/binding").path("kind").asString()).isEqualTo("Binding");
    assertThat(names(find(core, "name", "pods/binding").path("verbs"))).containsExactly("create");
    assertThat(names(find(core, "name", "pods/log").path("verbs"))).containsExactly("get");
    assertThat(find(core, "name", "nodes/status")).isNotNull();
    assertThat(find(apps, "name", "deployments/status").path("kind").asString()).isEqualTo("Deployment");
    assertThat(find(apps, "name", "replicasets/status")).isNotNull();
    assertThat(find(core, "name", "services/status").path("kind").asString()).isEqualTo("Service");
    assertThat(find(core, "name", "configmaps/status")).isNull();
  }

  @Test
  void scaleOfDeploymentsAndReplicaSetsNamesTheAutoscalingScaleKindAsKubectlScaleNeeds() {
    JsonNode apps = Discovery.resources("apps", "v1").orElseThrow().path("resources");

    for (String name : List.of("deployments/scale", "replicasets/scale")) {
      JsonNode scale = find(apps, "name", name);
      assertThat(scale).as(name).isNotNull();
      assertThat(scale.path("group").asString()).isEqualTo("autoscaling");
      assertThat(scale.path("version").asString()).isEqualTo("v1");
      assertThat(scale.path("kind").asString()).isEqualTo("Scale");
      assertThat(names(scale.path("verbs"))).containsExactly("get", "patch", "update");
    }
    assertThat(find(apps, "name", "daemonsets/scale")).isNull();
    // A subresource of the parent's own group version names no group or version of its own.
    assertThat(find(apps, "name", "deployments/status").has("group")).isFalse();
  }

  @Test
  void aggregatedDeploymentsListScaleWithTheAutoscalingResponseKind() {
    JsonNode resources = null;
    for (JsonNode group : Discovery.aggregatedGroups().path("items")) {
      if (group.path("metadata").path("name").asString("").equals("apps")) {
        resources = group.path("versions").get(0).path("resources");
      }
    }
    assertThat(resources).isNotNull();

    for (String resource : List.of("deployments", "replicasets")) {
      JsonNode scale = find(find(resources, "resource", resource).path("subresources"), "subresource", "scale");
      assertThat(scale).as(resource).isNotNull();
      assertThat(scale.path("responseKind").path("group").asString()).isEqualTo("autoscaling");
      assertThat(scale.path("responseKind").path("version").asString()).isEqualTo("v1");
      assertThat(scale.path("responseKind").path("kind").asString()).isEqualTo("Scale");
      assertThat(names(scale.path("verbs"))).containsExactly("get", "patch", "update");
    }
  }

  @Test
  void apisListsTheBatchCoordinationAndDiscoveryGroups() {
    List<String> groups = new ArrayList<>();
    Discovery.groups().path("groups").forEach(g -> groups.add(g.path("name").asString()));
    List<String> aggregated = new ArrayList<>();
    Discovery.aggregatedGroups().path("items").forEach(g -> aggregated.add(g.path("metadata").path("name").asString()));

    assertThat(groups).containsExactlyInAnyOrder("apps", "batch", "coordination.k8s.io", "discovery.k8s.io",
        "metrics.k8s.io");
    assertThat(aggregated).containsExactlyElementsOf(groups);
    assertThat(names(find(Discovery.resources("batch", "v1").orElseThrow().path("resources"), "name", "jobs/status")
        .path("verbs"))).containsExactly("get", "patch", "update");
    assertThat(find(Discovery.resources("coordination.k8s.io", "v1").orElseThrow().path("resources"), "name", "leases")
        .path("namespaced").asBoolean()).isTrue();
    assertThat(find(Discovery.resources("discovery.k8s.io", "v1").orElseThrow().path("resources"), "name",
        "endpointslices").path("kind").asString()).isEqualTo("EndpointSlice");
  }

  @Test
  void metricsGroupListsReadOnlyNodeAndPodMetricsInBothForms() {
    JsonNode resources = Discovery.resources("metrics.k8s.io", "v1beta1").orElseThrow().path("resources");
    assertThat(names(find(resources, "name", "nodes").path("verbs"))).containsExactly("get", "list");
    assertThat(find(resources, "name", "nodes").path("kind").asString()).isEqualTo("NodeMetrics");
    assertThat(find(resources, "name", "nodes").path("namespaced").asBoolean()).isFalse();
    assertThat(find(resources, "name", "pods").path("kind").asString()).isEqualTo("PodMetrics");
    assertThat(find(resources, "name", "pods").path("namespaced").asBoolean()).isTrue();

    JsonNode group = null;
    for (JsonNode item : Discovery.aggregatedGroups().path("items")) {
      if (item.path("metadata").path("name").asString().equals("metrics.k8s.io")) {
        group = item;
      }
    }
    assertThat(group).as("metrics.k8s.io in the aggregated /apis").isNotNull();
    JsonNode version = group.path("versions").get(0);
    assertThat(version.path("version").asString()).isEqualTo("v1beta1");
    JsonNode pods = find(version.path("resources"), "resource", "pods");
    assertThat(pods.path("scope").asString()).isEqualTo("Namespaced");
    assertThat(pods.path("responseKind").path("kind").asString()).isEqualTo("PodMetrics");
    assertThat(names(pods.path("verbs"))).containsExactly("get", "list");
  }

  @Test
  void unknownGroupVersionHasNoResourceList() {
    assertThat(Discovery.resources("autoscaling", "v1")).isEmpty();
    assertThat(Discovery.resources("apps", "v1beta1")).isEmpty();
    assertThat(Discovery.resources("batch", "v2")).isEmpty();
  }

  @Test
  void aggregatedDocumentsDescribeEveryResourceTypeOnce() {
    List<String> seen = new ArrayList<>();
    for (ObjectNode doc : List.of(Discovery.aggregatedCore(), Discovery.aggregatedGroups())) {
      assertThat(doc.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
      assertThat(doc.path("apiVersion").asString()).isEqualTo("apidiscovery.k8s.io/v2");
      for (JsonNode group : doc.path("items")) {
        for (JsonNode version : group.path("versions")) {
          assertThat(version.path("freshness").asString()).isEqualTo("Current");
          for (JsonNode resource : version.path("resources")) {
            String groupName = group.path("metadata").path("name").asString("");
            String versionName = version.path("version").asString();
            String resourceName = resource.path("resource").asString();
            ResourceType type = ResourceTypes.byPath(groupName, versionName, resourceName)
                .or(() -> MetricsTypes.byPath(groupName, versionName, resourceName)).orElseThrow();
            assertThat(resource.path("responseKind").path("kind").asString()).isEqualTo(type.kind());
            assertThat(resource.path("responseKind").path("group").asString()).isEqualTo(type.group());
            assertThat(resource.path("scope").asString()).isEqualTo(type.namespaced() ? "Namespaced" : "Cluster");
            assertThat(resource.path("singularResource").asString()).isEqualTo(type.singular());
            seen.add(type.qualifiedResource());
          }
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(ResourceTypes.all().stream(), MetricsTypes.all().stream())
            .map(ResourceType::qualifiedResource).toList());
  }

  @Test
  void aggregatedSubresourcesCarryAResponseKind() {
    JsonNode pods = find(
        Discovery.aggregatedCore().path("items").get(0).path("versions").get(0).path("resources"), "resource", "pods");

    JsonNode binding = find(pods.path("subresources"), "subresource", "binding");
    assertThat(binding.path("responseKind").path("kind").asString()).isEqualTo("Binding");
    assertThat(binding.path("responseKind").path("version").asString()).isEqualTo("v1");
    assertThat(names(pods.path("categories"))).containsExactly("all");
    assertThat(pods.path("subresources")).allSatisfy(sub -> assertThat(sub.has("responseKind")).isTrue());
  }

  @Test
  void kubectlsAcceptHeaderWantsTheAggregatedForm() {
    assertThat(Discovery.wantsAggregated(KUBECTL_ACCEPT)).isTrue();
    assertThat(Discovery.wantsAggregated("application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "application/json",
      "application/json, */*",
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json",
      "application/yaml;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"})
  void otherAcceptHeadersGetThePlainDocuments(String accept) {
    assertThat(Discovery.wantsAggregated(accept)).isFalse();
  }

  @Test
  void noAcceptHeaderGetsThePlainDocuments() {
    assertThat(Discovery.wantsAggregated(null)).isFalse();
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (item.path(field).asString("").equals(value)) {
        return item;
      }
    }
    return null;
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
