package dev.kctl.kletd.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServerTest {
  private static final String TOKEN = "K10abc::node:secret";

  @TempDir Path temp;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final HttpClient http = HttpClient.newHttpClient();
  private LogServer server;
  private Path current;

  @BeforeEach
  void start() throws Exception {
    current = temp.resolve("1.log");
    Path previous = temp.resolve("0.log");
    Files.writeString(current, "one\ntwo\nthree\n");
    Files.writeString(previous, "old run\n");
    LogSource source = (ns, pod, container) -> ns.equals("default") && pod.equals("web") && container.equals("app")
        ? Optional.of(new ContainerLog(current, Optional.of(previous), running::get))
        : Optional.empty();
    server = new LogServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, source);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void answersHealthzWithoutAToken() throws Exception {
    HttpResponse<String> response = get("/healthz", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void refusesLogsWithoutTheNodeToken() throws Exception {
    assertThat(get("/containerLogs/default/web/app", null).statusCode()).isEqualTo(401);
    assertThat(get("/containerLogs/default/web/app", "wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void servesTheWholeLogOrItsLastLines() throws Exception {
    HttpResponse<String> all = get("/containerLogs/default/web/app", TOKEN);
    HttpResponse<String> tail = get("/containerLogs/default/web/app?tailLines=2", TOKEN);

    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
    assertThat(all.body()).isEqualTo("one\ntwo\nthree\n");
    assertThat(tail.body()).isEqualTo("two\nthree\n");
  }

  @Test
  void servesThePreviousInstancesLog() throws Exception {
    assertThat(get("/containerLogs/default/web/app?previous=true", TOKEN).body()).isEqualTo("old run\n");
  }

  @Test
  void answersNotFoundForAContainerThatIsNotOnTheNode() throws Exception {
    HttpResponse<String> response = get("/containerLogs/default/web/other", TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("other").doesNotContain("<");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
  }

  @Test
  void followStreamsAppendedBytesUntilTheProcessIsGoneAndTheFileDrained() throws Exception {
    HttpResponse<InputStream> response = http.send(request("/containerLogs/default/web/app?follow=true&tailLines=1",
        TOKEN), HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(readLine(body)).isEqualTo("three");

    append("four\n");
    assertThat(readLine(body)).isEqualTo("four");

    append("last words\n");
    running.set(false);
    CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(body.readAllBytes(), UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    await("stream ended").atMost(ofSeconds(10)).until(rest::isDone);
    assertThat(rest.join()).isEqualTo("last words\n");
  }

  private void append(String text) throws IOException {
    Files.writeString(current, text, StandardOpenOption.APPEND);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("stream ended after \"" + line + "\"");
      }
      line.append((char) c);
    }
    return line.toString();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }
}
