package dev.kctl.kletd.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.pki.ClusterPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node endpoint over HTTPS, as kctld reaches it: trusted through the cluster CA only. */
class LogServerTlsTest {
  private static final String TOKEN = "kctld:secret";

  @TempDir Path temp;
  private ClusterPki pki;
  private LogServer server;

  @BeforeEach
  void start() throws Exception {
    // The cluster's serving certificate names 127.0.0.1, as a node's names its IP.
    pki = ClusterPki.loadOrCreate(temp.resolve("cluster"), List.of());
    server = new LogServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, (ns, pod, container) -> Optional.empty(),
        (ns, pod, container) -> Optional.empty(), (ns, pod) -> Optional.empty(), List.of(),
        new LogServer.Tls(pki.servingKeyStore(), pki.keyStorePassword()));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + TOKEN).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientTrustingTheClusterCaGetsAnswers() throws Exception {
    try (HttpClient http = HttpClient.newBuilder().sslContext(pki.trustingCa()).build()) {
      assertThat(get(http, "/healthz").body()).isEqualTo("ok");
      assertThat(get(http, "/containerLogs/default/web/app").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheEndpoint() {
    ClusterPki other = ClusterPki.loadOrCreate(temp.resolve("other"), List.of());
    try (HttpClient http = HttpClient.newBuilder().sslContext(other.trustingCa()).build()) {
      assertThatThrownBy(() -> get(http, "/healthz")).hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void plainHttpGetsNoAnswer() {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build();
      assertThat(sendOrStatus(http, request)).isNotEqualTo(200);
    }
  }

  /** The status of a plain request to a TLS port: Jetty answers 400, or the connection fails (-1). */
  private static int sendOrStatus(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
