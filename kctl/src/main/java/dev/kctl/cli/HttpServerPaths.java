package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.client.KubeConfig;
import dev.kctl.codec.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@link ServerPaths} over HTTPS with the kubeconfig's server, CA and token; the HTTP client is
 * made on first use, so commands that never need it pay nothing.
 */
final class HttpServerPaths implements ServerPaths {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final KubeConfig config;
  private HttpClient http;

  HttpServerPaths(KubeConfig config) {
    this.config = config;
  }

  @Override
  public JsonNode get(String path) {
    String base = config.server().toString().replaceFirst("/$", "");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT).header("Accept", "application/json").GET();
    if (!config.token().isEmpty()) {
      request.header("Authorization", "Bearer " + config.token());
    }
    HttpResponse<byte[]> response;
    try {
      response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the API server at " + config.server() + ": "
          + e.getMessage() + "; is kctld running?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while reading " + path));
    }
    if (response.statusCode() / 100 != 2) {
      JsonNode body = parseOrNull(response.body());
      if (body != null && "Status".equals(body.path("kind").asString(""))) {
        throw ApiException.fromStatus(body, response.statusCode());
      }
      throw new ApiException(StatusReason.forCode(response.statusCode()),
          "GET " + path + " failed with HTTP " + response.statusCode());
    }
    return Json.parse(response.body());
  }

  private static JsonNode parseOrNull(byte[] body) {
    try {
      return Json.parse(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private synchronized HttpClient http() {
    if (http == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      if (!config.caCertificatePem().isEmpty()) {
        builder.sslContext(trusting(config.caCertificatePem()));
      }
      http = builder.build();
    }
    return http;
  }

  private static SSLContext trusting(String pem) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        anchors.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(anchors);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the kubeconfig's certificate authority is not usable: "
          + e.getMessage(), e);
    }
  }
}
