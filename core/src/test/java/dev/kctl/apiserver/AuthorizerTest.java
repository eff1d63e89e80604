package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.apiserver.Authorizer.Identity;
import dev.kctl.codec.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class AuthorizerTest {
  private static final Identity N1 = new Identity.Node("n1");
  /** Pods by name, each bound to the node in its value. */
  private static final Map<String, String> PODS = Map.of("web-on-n1", "n1", "web-on-n2", "n2");
  private static final Authorizer.Objects OBJECTS = request -> Optional.ofNullable(PODS.get(request.name()))
      .map(node -> Json.parseObject("{\"spec\":{\"nodeName\":\"" + node + "\"}}"));

  private static RequestInfo request(String path) {
    return RequestInfo.parse(path).orElseThrow();
  }

  private static void check(Identity identity, String verb, String path) {
    Authorizer.check(identity, verb, request(path), OBJECTS);
  }

  private static ApiException refusal(Identity identity, String verb, String path) {
    try {
      check(identity, verb, path);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError(verb + " " + path + " was allowed");
  }

  @Test
  void aNodeMayChangeItsOwnNodeAndLeaseButNotAnothers() {
    assertThatCode(() -> check(N1, "patch", "/api/v1/nodes/n1/status")).doesNotThrowAnyException();
    assertThatCode(() -> check(N1, "update", "/api/v1/nodes/n1")).doesNotThrowAnyException();
    assertThatCode(() -> check(N1, "update", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1"))
        .doesNotThrowAnyException();

    ApiException node = refusal(N1, "patch", "/api/v1/nodes/n2/status");
    assertThat(node.code()).isEqualTo(403);
    assertThat(node.getMessage()).contains("\"n1\"").contains("\"n2\"");
    assertThat(refusal(N1, "update", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n2").code())
        .isEqualTo(403);
    assertThat(refusal(N1, "delete", "/api/v1/nodes/n1").code()).isEqualTo(403);
  }

  @Test
  void aNodeMayCreateOnlyANodeOrLeaseOfItsOwnName() {
    ObjectNode own = Json.parseObject("{\"metadata\":{\"name\":\"n1\"}}");
    ObjectNode other = Json.parseObject("{\"metadata\":{\"name\":\"n2\"}}");
    check(N1, "create", "/api/v1/nodes");
    assertThatCode(() -> Authorizer.checkCreate(N1, request("/api/v1/nodes"), own)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Authorizer.checkCreate(N1, request("/api/v1/nodes"), other))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
        .hasMessageContaining("\"n2\"");
    assertThatThrownBy(() -> Authorizer.checkCreate(N1,
        request("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases"), other))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
  }

  @Test
  void aNodeMayWriteTheStatusAndDeleteOnlyOfPodsBoundToIt() {
    assertThatCode(() -> check(N1, "patch", "/api/v1/namespaces/default/pods/web-on-n1/status"))
        .doesNotThrowAnyException();
    assertThatCode(() -> check(N1, "delete", "/api/v1/namespaces/default/pods/web-on-n1"))
        .doesNotThrowAnyException();

    ApiException status = refusal(N1, "patch", "/api/v1/namespaces/default/pods/web-on-n2/status");
    assertThat(status.code()).isEqualTo(403);
    assertThat(status.getMessage()).contains("node \"n1\"").contains("node \"n2\"");
    assertThat(refusal(N1, "delete", "/api/v1/namespaces/default/pods/web-on-n2").code()).isEqualTo(403);
    assertThat(refusal(N1, "update", "/api/v1/namespaces/default/pods/web-on-n1").code()).isEqualTo(403);
    assertThat(refusal(N1, "patch", "/api/v1/namespaces/default/pods/gone/status").code()).isEqualTo(404);
  }

  @Test
  void aNodeReadsEverythingWritesEventsAndNothingElse() {
    assertThatCode(() -> check(N1, "list", "/api/v1/secrets")).doesNotThrowAnyException();
    assertThatCode(() -> check(N1, "watch", "/api/v1/pods")).doesNotThrowAnyException();
    assertThatCode(() -> check(N1, "create", "/api/v1/namespaces/default/events")).doesNotThrowAnyException();
    assertThat(refusal(N1, "create", "/api/v1/namespaces/default/configmaps").code()).isEqualTo(403);
    assertThat(refusal(N1, "create", "/api/v1/namespaces/default/pods").code()).isEqualTo(403);
  }

  @Test
  void theJoinTokenMayNeitherReadNorWrite() {
    assertThat(refusal(Authorizer.JOIN, "list", "/api/v1/nodes").getMessage()).contains(NodeCredentials.PATH);
    assertThat(refusal(Authorizer.JOIN, "patch", "/api/v1/nodes/n1/status").code()).isEqualTo(403);
  }

  @Test
  void theAdminMayDoAnything() {
    assertThatCode(() -> check(Authorizer.ADMIN, "delete", "/api/v1/nodes/n2")).doesNotThrowAnyException();
    assertThatCode(() -> check(Authorizer.ADMIN, "patch", "/api/v1/namespaces/default/pods/web-on-n2/status"))
        .doesNotThrowAnyException();
  }
}
