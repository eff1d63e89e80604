package dev.kctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import dev.kctl.client.NodeJoin;
import dev.kctl.client.NodeToken;
import dev.kctl.client.PatchType;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join exchange against a real kctld: join token in, per-node credentials out. */
class NodeJoinTest {
  @TempDir Path dir;
  ControlPlane plane;
  URI server;
  NodeToken joinToken;

  @BeforeEach
  void start() throws Exception {
    plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("server"), new InetSocketAddress("127.0.0.1", 0)),
        InstantSource.system());
    server = URI.create(plane.url());
    joinToken = NodeToken.read(plane.nodeTokenFile());
  }

  @AfterEach
  void stop() throws Exception {
    plane.close();
  }

  private static String node(String name) {
    return """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},
         "status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}]}}""".formatted(name);
  }

  @Test
  void aJoinedNodeActsAsItselfAndNotAsAnotherNode() throws Exception {
    NodeJoin n1 = NodeJoin.request(server, joinToken, "", "n1", List.of("127.0.0.1"));
    NodeJoin n2 = NodeJoin.request(server, joinToken, "", "n2", List.of("127.0.0.2"));

    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(n1.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
    assertThat(n1.kctldToken()).isNotEqualTo(n2.kctldToken());

    try (RestClient asN1 = RestClient.forNode(server, n1.caCertificatePem(), n1.token());
        RestClient asN2 = RestClient.forNode(server, n2.caCertificatePem(), n2.token())) {
      asN1.create(ResourceTypes.NODES, null, Json.parseObject(node("n1")));
      asN2.create(ResourceTypes.NODES, null, Json.parseObject(node("n2")));
      asN1.patch(ResourceTypes.NODES, null, "n1", PatchType.MERGE,
          Json.parseObject("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"), "");

      assertThatThrownBy(() -> asN1.patch(ResourceTypes.NODES, null, "n2", PatchType.MERGE,
          Json.parseObject("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"), ""))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
          .hasMessageContaining("\"n1\"").hasMessageContaining("\"n2\"");
      assertThatThrownBy(() -> asN1.create(ResourceTypes.NODES, null, Json.parseObject(node("n3"))))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
      assertThat(asN2.list(ResourceTypes.NODES, null, ListOptions.NONE).path("items")).hasSize(2);
    }
  }

  @Test
  void theJoinTokenAloneCanOnlyAskForCredentialsAndOnlyOncePerName() {
    NodeJoin.request(server, joinToken, "", "n1", List.of("127.0.0.1"));

    assertThatThrownBy(() -> NodeJoin.request(server, joinToken, "", "n1", List.of("127.0.0.1")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409))
        .hasMessageContaining("delete node n1");
    try (RestClient withJoinToken = RestClient.forNode(server, joinToken, "")) {
      assertThatThrownBy(() -> withJoinToken.list(ResourceTypes.NODES, null, ListOptions.NONE))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
    }
  }

  @Test
  void credentialsAreSavedPrivatelyAndLoadedAgain() throws Exception {
    NodeJoin joined = NodeJoin.request(server, joinToken, "", "n1", List.of("127.0.0.1"));
    Path credentials = dir.resolve("node").resolve("credentials");
    joined.save(credentials);

    assertThat(NodeJoin.load(credentials)).contains(joined);
    try (var files = Files.list(credentials)) {
      assertThat(files.toList()).allSatisfy(file -> assertThat(
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
    }
    assertThat(NodeJoin.load(dir.resolve("elsewhere"))).isEmpty();
  }
}
