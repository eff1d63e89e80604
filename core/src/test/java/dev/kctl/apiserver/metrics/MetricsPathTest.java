package dev.kctl.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.MetricsTypes;
import org.junit.jupiter.api.Test;

class MetricsPathTest {
  @Test
  void parsesNodeAndPodPathsOfTheMetricsGroup() {
    assertThat(MetricsPath.parse("/apis/metrics.k8s.io/v1beta1/nodes"))
        .isEqualTo(new MetricsPath(MetricsTypes.NODES, null, null));
    assertThat(MetricsPath.parse("/apis/metrics.k8s.io/v1beta1/nodes/n1"))
        .isEqualTo(new MetricsPath(MetricsTypes.NODES, null, "n1"));
    assertThat(MetricsPath.parse("/apis/metrics.k8s.io/v1beta1/pods"))
        .isEqualTo(new MetricsPath(MetricsTypes.PODS, null, null));
    assertThat(MetricsPath.parse("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods"))
        .isEqualTo(new MetricsPath(MetricsTypes.PODS, "shop", null));
    assertThat(MetricsPath.parse("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/web"))
        .isEqualTo(new MetricsPath(MetricsTypes.PODS, "shop", "web"));
  }

  @Test
  void discoveryDocumentAndOtherGroupsAreNotMetricsResourcePaths() {
    assertThat(MetricsPath.matches("/apis/metrics.k8s.io/v1beta1")).isFalse();
    assertThat(MetricsPath.matches("/apis/metrics.k8s.io/v1beta1/")).isFalse();
    assertThat(MetricsPath.matches("/api/v1/nodes")).isFalse();
    assertThat(MetricsPath.matches("/apis/metrics.k8s.io/v1beta1/nodes")).isTrue();
  }

  @Test
  void pathsNamingNothingServedAreNotFound() {
    for (String path : new String[] {"/apis/metrics.k8s.io/v1beta1/deployments",
        "/apis/metrics.k8s.io/v1beta1/namespaces/shop/nodes", "/apis/metrics.k8s.io/v1beta1/pods/web",
        "/apis/metrics.k8s.io/v1beta1/nodes/n1/status"}) {
      assertThatThrownBy(() -> MetricsPath.parse(path)).as(path).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.code()).isEqualTo(404));
    }
  }
}
