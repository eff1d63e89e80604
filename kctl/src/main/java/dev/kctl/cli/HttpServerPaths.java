package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.client.ConfigOverrides;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import dev.kctl.client.RequestLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * {@link ServerPaths} over HTTPS with the kubeconfig's server, CA and token; the HTTP client is
 * made on first use, so commands that never need it pay nothing.
 */
final class HttpServerPaths implements ServerPaths {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final KubeConfig config;
  private final RequestLog requestLog;
  /** The TLS set-up, made with the HTTP client on first use; empty to trust the JDK's public CAs. */
  private final Supplier<Optional<SSLContext>> tls;
  private HttpClient http;

  HttpServerPaths(KubeConfig config) {
    this(config, RequestLog.NONE);
  }

  HttpServerPaths(KubeConfig config, RequestLog requestLog) {
    this(config, requestLog, () -> RestClient.tls(config, ConfigOverrides.NONE));
  }

  /** @param tls the TLS set-up of the resource client, so that both trust the same servers */
  HttpServerPaths(KubeConfig config, RequestLog requestLog, Supplier<Optional<SSLContext>> tls) {
    this.config = config;
    this.requestLog = requestLog;
    this.tls = tls;
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
      long started = System.nanoTime();
      HttpRequest built = request.build();
      response = http().send(built, HttpResponse.BodyHandlers.ofByteArray());
      requestLog.exchanged(new RequestLog.Exchange("GET", built.uri(), response.statusCode(),
          Duration.ofNanos(System.nanoTime() - started), new byte[0], response.body()));
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

  @Override
  public WebSocket webSocket(String pathAndQuery, String subprotocol, WebSocket.Listener listener) {
    String base = config.server().toString().replaceFirst("/$", "").replaceFirst("^http", "ws");
    URI uri = URI.create(base + pathAndQuery);
    WebSocket.Builder builder = http().newWebSocketBuilder().subprotocols(subprotocol)
        .connectTimeout(Duration.ofSeconds(10));
    if (!config.token().isEmpty()) {
      builder.header("Authorization", "Bearer " + config.token());
    }
    long started = System.nanoTime();
    try {
      WebSocket socket = builder.buildAsync(uri, listener).join();
      requestLog.exchanged(new RequestLog.Exchange("GET", uri, 101, Duration.ofNanos(System.nanoTime() - started),
          new byte[0], null));
      return socket;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        int code = refused.getResponse().statusCode();
        requestLog.exchanged(new RequestLog.Exchange("GET", uri, code, Duration.ofNanos(System.nanoTime() - started),
            new byte[0], null));
        JsonNode body = refused.getResponse().body() instanceof byte[] bytes ? parseOrNull(bytes)
            : refused.getResponse().body() instanceof String text ? parseOrNull(text.getBytes(StandardCharsets.UTF_8))
            : null;
        if (body != null && "Status".equals(body.path("kind").asString(""))) {
          throw ApiException.fromStatus(body, code);
        }
        throw new ApiException(StatusReason.forCode(code), "the server refused the WebSocket for " + pathAndQuery
            + " with HTTP " + code);
      }
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UncheckedIOException("cannot reach the API server at " + config.server() + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
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
      tls.get().ifPresent(builder::sslContext);
      http = builder.build();
    }
    return http;
  }
}
