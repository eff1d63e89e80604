package dev.kctl.client;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import dev.kctl.pki.ClusterPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class RestClientTest {
  private static final String TOKEN = "test-token";
  private static final String PODS = "/api/v1/namespaces/default/pods";

  @TempDir static Path dataDir;
  private static ClusterPki pki;

  private TestHttpsServer server;
  private RestClient client;
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  /** Released at the end of each test, so that handlers holding a stream open return. */
  private final CountDownLatch testOver = new CountDownLatch(1);

  record Recorded(String method, String path, String query, String accept, String contentType,
      String authorization, String body) {}

  @BeforeAll
  static void createPki() {
    pki = ClusterPki.loadOrCreate(dataDir, List.of());
  }

  @BeforeEach
  void start() throws Exception {
    server = new TestHttpsServer(pki, "127.0.0.1");
    client = RestClient.connect(
        new KubeConfig("test", server.url(), pki.caCertificatePem(), TOKEN, "default"));
  }

  @AfterEach
  void stop() {
    testOver.countDown();
    client.close();
    server.close();
  }

  @Test
  void getSendsBearerTokenAndParsesTheObject() {
    server.handle(PODS + "/web", echo("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"}}"));

    ObjectNode pod = client.get(ResourceTypes.PODS, "default", "web");

    assertThat(pod.path("metadata").path("name").asString()).isEqualTo("web");
    Recorded request = requests.poll();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(request.accept()).isEqualTo("application/json");
  }

  @Test
  void mapsAStatusReplyToApiExceptionWithItsReason() {
    server.handle(PODS + "/web", exchange -> TestHttpsServer.reply(exchange, 409, """
        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict",
         "message":"Operation cannot be fulfilled on pods \\"web\\": stale","code":409,
         "details":{"name":"web","kind":"pods"}}"""));

    assertThatThrownBy(() -> client.get(ResourceTypes.PODS, "default", "web"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.Conflict);
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.getMessage()).contains("stale");
        });
  }

  @Test
  void mapsAReplyWithoutStatusByItsHttpCode() {
    server.handle(PODS, exchange -> {
      byte[] body = "upstream unavailable".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });

    assertThatThrownBy(() -> client.list(ResourceTypes.PODS, "default", ListOptions.NONE))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo(StatusReason.ServiceUnavailable);
          assertThat(e.getMessage()).contains("GET " + PODS).contains("503").contains("upstream unavailable");
        });
  }

  @Test
  void listSendsItsOptionsAsQueryParameters() {
    server.handle("/api/v1/pods", echo("{\"kind\":\"PodList\",\"items\":[]}"));
    ListOptions options = new ListOptions("app in (web,api)", "spec.nodeName=n1", "42", 10, "tok", true);

    client.list(ResourceTypes.PODS, null, options);

    assertThat(requests.poll().query()).isEqualTo(
        "labelSelector=app+in+%28web%2Capi%29&fieldSelector=spec.nodeName%3Dn1&resourceVersion=42"
            + "&limit=10&continue=tok");
  }

  @Test
  void tableAsksForTheServerSideTable() {
    server.handle(PODS, echo("{\"kind\":\"Table\"}"));

    client.table(ResourceTypes.PODS, "default", null, ListOptions.NONE);

    assertThat(requests.poll().accept())
        .isEqualTo("application/json;as=Table;v=v1;g=meta.k8s.io, application/json");
  }

  @Test
  void writesGoToTheKubernetesPathsWithTheirContentTypes() {
    for (String path : List.of(PODS, PODS + "/web", PODS + "/web/status", PODS + "/web/binding")) {
      server.handle(path, echo("{\"kind\":\"Pod\"}"));
    }
    ObjectNode pod = Json.parseObject("{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"}}");

    client.create(ResourceTypes.PODS, "default", pod);
    client.update(ResourceTypes.PODS, pod);
    client.updateStatus(ResourceTypes.PODS, pod);
    client.patch(ResourceTypes.PODS, "default", "web", PatchType.MERGE,
        Json.parse("{\"status\":{\"phase\":\"Running\"}}"), "status");
    client.createSubresource(ResourceTypes.PODS, "default", "web", "binding",
        Json.parseObject("{\"kind\":\"Binding\"}"));
    client.delete(ResourceTypes.PODS, "default", "web");

    assertThat(requests).extracting(r -> r.method() + " " + r.path() + " " + r.contentType())
        .containsExactly(
            "POST " + PODS + " application/json",
            "PUT " + PODS + "/web application/json",
            "PUT " + PODS + "/web/status application/json",
            "PATCH " + PODS + "/web/status application/merge-patch+json",
            "POST " + PODS + "/web/binding application/json",
            "DELETE " + PODS + "/web application/json");
    assertThat(requests).element(3).extracting(Recorded::body)
        .isEqualTo("{\"status\":{\"phase\":\"Running\"}}");
  }

  @Test
  void logsStreamTheBodyWithTheLogOptions() throws IOException {
    server.handle(PODS + "/web/log", exchange -> {
      record(exchange);
      byte[] body = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });

    try (InputStream log = client.logs("default", "web", new LogOptions("app", false, 5, true))) {
      assertThat(new String(log.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
    }
    assertThat(requests.poll().query()).isEqualTo("container=app&tailLines=5&previous=true");
  }

  @Test
  void watchDeliversEventsInOrderAndEndsWithGone() {
    server.handle(PODS, exchange -> {
      record(exchange);
      stream(exchange, List.of(
          "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"}}}",
          "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"6\"}}}",
          "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
              + "\"message\":\"too old resource version: 1 (5)\",\"reason\":\"Expired\",\"code\":410}}"),
          false);
    });
    RecordingHandler handler = new RecordingHandler();

    client.watch(ResourceTypes.PODS, "default", ListOptions.NONE.withResourceVersion("1"), handler);

    await("watch closed").atMost(ofSeconds(10)).until(() -> handler.closes.get() == 1);
    assertThat(handler.events).extracting(e -> e.type() + " " + e.object().path("metadata").path("resourceVersion").asString())
        .containsExactly("ADDED 5", "MODIFIED 6");
    assertThat(handler.cause).isNotNull();
    assertThat(handler.cause.code()).isEqualTo(410);
    assertThat(handler.cause.getMessage()).contains("too old resource version");
    assertThat(requests.poll().query()).isEqualTo("resourceVersion=1&watch=true");
  }

  @Test
  void watchEndingNormallyClosesWithoutCause() {
    server.handle(PODS, exchange -> stream(exchange, List.of(
        "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"9\"}}}"), false));
    RecordingHandler handler = new RecordingHandler();

    client.watch(ResourceTypes.PODS, "default", ListOptions.NONE, handler);

    await("watch closed").atMost(ofSeconds(10)).until(() -> handler.closes.get() == 1);
    assertThat(handler.events).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.BOOKMARK);
    assertThat(handler.cause).isNull();
  }

  @Test
  void closingAWatchStopsTheOpenStreamPromptly() {
    server.handle(PODS, exchange -> stream(exchange, List.of(
        "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}}"), true));
    RecordingHandler handler = new RecordingHandler();
    Watch watch = client.watch(ResourceTypes.PODS, "default", ListOptions.NONE, handler);
    await("first event").atMost(ofSeconds(10)).until(() -> handler.events.size() == 1);

    watch.close();
    watch.close();

    await("watch closed while the server still streams").atMost(ofSeconds(3))
        .until(() -> handler.closes.get() == 1);
    assertThat(handler.cause).isNull();
    assertThat(testOver.getCount()).as("server still holding the stream").isEqualTo(1);
  }

  @Test
  void closingTheClientClosesItsWatches() {
    server.handle(PODS, exchange -> stream(exchange, List.of(), true));
    RecordingHandler handler = new RecordingHandler();
    client.watch(ResourceTypes.PODS, "default", ListOptions.NONE, handler);

    client.close();

    await("watch closed").atMost(ofSeconds(3)).until(() -> handler.closes.get() == 1);
    assertThat(handler.cause).isNull();
  }

  @Test
  void watchReportsAStatusReplyAsItsCause() {
    server.handle(PODS, exchange -> TestHttpsServer.reply(exchange, 403, """
        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden",
         "message":"nodes may not watch secrets","code":403}"""));
    RecordingHandler handler = new RecordingHandler();

    client.watch(ResourceTypes.PODS, "default", ListOptions.NONE, handler);

    await("watch closed").atMost(ofSeconds(10)).until(() -> handler.closes.get() == 1);
    assertThat(handler.cause.reason()).isEqualTo(StatusReason.Forbidden);
  }

  @Test
  void unreachableServerErrorsNameTheUrlAndWhatToCheck() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI nowhere = URI.create("https://127.0.0.1:" + port);
    try (RestClient offline = RestClient.connect(
        new KubeConfig("test", nowhere, pki.caCertificatePem(), TOKEN, "default"))) {
      assertThatThrownBy(() -> offline.get(ResourceTypes.PODS, "default", "web"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(nowhere.toString())
          .hasMessageContaining("is kctld running?");

      RecordingHandler handler = new RecordingHandler();
      offline.watch(ResourceTypes.PODS, "default", ListOptions.NONE, handler);
      await("watch closed").atMost(ofSeconds(10)).until(() -> handler.closes.get() == 1);
      assertThat(handler.cause.reason()).isEqualTo(StatusReason.ServiceUnavailable);
      assertThat(handler.cause.getMessage()).contains(nowhere.toString());
    }
  }

  private com.sun.net.httpserver.HttpHandler echo(String json) {
    return exchange -> {
      record(exchange);
      TestHttpsServer.reply(exchange, 200, json);
    };
  }

  private void record(HttpExchange exchange) throws IOException {
    var headers = exchange.getRequestHeaders();
    requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), headers.getFirst("Accept"),
        headers.getFirst("Content-Type"), headers.getFirst("Authorization"),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
  }

  /** Sends {@code lines} chunked, one per flush; then ends, or holds the stream until the test ends. */
  private void stream(HttpExchange exchange, List<String> lines, boolean holdOpen) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      if (holdOpen) {
        testOver.await(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // Expected when the client closes the watch first.
    }
  }

  private static final class RecordingHandler implements WatchHandler {
    final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    volatile ApiException cause;

    @Override
    public void onEvent(WatchEvent event) {
      events.add(event);
    }

    @Override
    public void onClose(ApiException cause) {
      this.cause = cause;
      closes.incrementAndGet();
    }
  }
}
