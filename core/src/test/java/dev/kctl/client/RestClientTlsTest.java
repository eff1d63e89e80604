package dev.kctl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ResourceTypes;
import dev.kctl.pki.ClusterPki;
import dev.kctl.pki.ClusterTokens;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving key store of {@link ClusterPki} in real TLS handshakes with {@link RestClient}. */
class RestClientTlsTest {
  private static final String NODE_PATH = "/api/v1/nodes/n1";
  private static final String NODE = "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}";

  @TempDir static Path dir;
  private static ClusterPki pki;
  private static ClusterTokens tokens;

  @BeforeAll
  static void createPki() {
    pki = ClusterPki.loadOrCreate(dir.resolve("server"), List.of());
    tokens = ClusterTokens.loadOrCreate(dir.resolve("server"), pki.caCertHash());
  }

  @Test
  void connectsWithTheClusterCaByAddressAndByName() throws Exception {
    try (TestHttpsServer server = serving(pki, "127.0.0.1")) {
      for (URI url : List.of(server.url("127.0.0.1"), server.url("localhost"))) {
        try (RestClient client = admin(url, pki)) {
          assertThat(client.get(ResourceTypes.NODES, null, "n1").path("kind").asString())
              .as(url.toString()).isEqualTo("Node");
        }
      }
    }
  }

  @Test
  void refusesAServerWhoseCertificateDoesNotNameTheHost() throws Exception {
    try (TestHttpsServer server = serving(pki, "127.0.0.2");
        RestClient client = admin(server.url(), pki)) {
      assertThatThrownBy(() -> client.get(ResourceTypes.NODES, null, "n1"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(server.url().toString())
          .hasMessageContaining("TLS handshake failed")
          .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
    }
  }

  @Test
  void acceptsAnExtraHostOnceTheServingCertificateNamesIt(@TempDir Path own) throws Exception {
    ClusterPki extra = ClusterPki.loadOrCreate(own, List.of("127.0.0.2"));
    try (TestHttpsServer server = serving(extra, "127.0.0.2");
        RestClient client = admin(server.url(), extra)) {
      assertThat(client.get(ResourceTypes.NODES, null, "n1").path("kind").asString()).isEqualTo("Node");
    }
  }

  @Test
  void refusesAServerSignedByAnotherCa(@TempDir Path other) throws Exception {
    ClusterPki stranger = ClusterPki.loadOrCreate(other, List.of());
    try (TestHttpsServer server = serving(stranger, "127.0.0.1");
        RestClient client = admin(server.url(), pki)) {
      assertThatThrownBy(() -> client.get(ResourceTypes.NODES, null, "n1"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aKubeconfigClusterMarkedInsecureAcceptsAServerSignedByAnotherCa(@TempDir Path other) throws Exception {
    ClusterPki stranger = ClusterPki.loadOrCreate(other, List.of());
    try (TestHttpsServer server = serving(stranger, "127.0.0.1")) {
      Path kubeconfig = java.nio.file.Files.writeString(other.resolve("config"), """
          current-context: x
          contexts: [{name: x, context: {cluster: c, user: u}}]
          clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
          users: [{name: u, user: {token: admin}}]
          """.formatted(server.url()));
      try (RestClient client = RestClient.connect(KubeConfig.load(kubeconfig))) {
        assertThat(client.get(ResourceTypes.NODES, null, "n1").path("kind").asString()).isEqualTo("Node");
      }
      java.nio.file.Files.writeString(kubeconfig, java.nio.file.Files.readString(kubeconfig)
          .replace("insecure-skip-tls-verify: true", "insecure-skip-tls-verify: true, certificate-authority: ca.crt"));
      assertThatThrownBy(() -> KubeConfig.load(kubeconfig)).hasMessageContaining(kubeconfig.toString())
          .hasMessageContaining("both insecure-skip-tls-verify and a certificate authority");
    }
  }

  @Test
  void nodeClientTrustsTheCaNamedByItsTokenAndSendsTheToken() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    try (TestHttpsServer server = serving(pki, "127.0.0.1")) {
      server.handle("/api/v1/nodes/n2", exchange -> {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        TestHttpsServer.reply(exchange, 200, NODE);
      });
      NodeToken token = NodeToken.read(dir.resolve("server").resolve("node-token"));

      try (RestClient client = RestClient.forNode(server.url(), token, "")) {
        client.get(ResourceTypes.NODES, null, "n2");
      }
      try (RestClient client = RestClient.forNode(server.url(), token, pki.caCertHash().toUpperCase().replace("SHA256", "sha256"))) {
        client.get(ResourceTypes.NODES, null, "n2");
      }
      assertThat(authorizations).containsExactly("Bearer " + tokens.nodeToken(), "Bearer " + tokens.nodeToken());
    }
  }

  @Test
  void nodeClientRefusesAServerWithAnotherCaThanTheExpectedHash() throws Exception {
    String wrong = "sha256:" + "0".repeat(64);
    NodeToken token = NodeToken.parse(tokens.nodeToken());
    try (TestHttpsServer server = serving(pki, "127.0.0.1")) {
      assertThatThrownBy(() -> RestClient.forNode(server.url(), token, wrong))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("the server at " + server.url() + " presents CA " + pki.caCertHash())
          .hasMessageContaining("--ca-cert-hash expects " + wrong)
          .hasMessageContaining("is this the right server?");
      NodeToken foreign = NodeToken.create(wrong, "abc");
      assertThatThrownBy(() -> RestClient.forNode(server.url(), foreign, ""))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("node token expects " + wrong);
    }
  }

  @Test
  void nodeClientRejectsAMalformedHashOrPlainHttp() {
    NodeToken token = NodeToken.parse(tokens.nodeToken());

    assertThatThrownBy(() -> RestClient.forNode(URI.create("https://127.0.0.1:1"), token, "abc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ca-cert-hash");
    assertThatThrownBy(() -> RestClient.forNode(URI.create("http://127.0.0.1:1"), token, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
  }

  private static TestHttpsServer serving(ClusterPki pki, String address) throws Exception {
    TestHttpsServer server = new TestHttpsServer(pki, address);
    server.handle(NODE_PATH, exchange -> TestHttpsServer.reply(exchange, 200, NODE));
    return server;
  }

  private static RestClient admin(URI url, ClusterPki pki) {
    return RestClient.connect(new KubeConfig("test", url, pki.caCertificatePem(), "admin", "default"));
  }
}
