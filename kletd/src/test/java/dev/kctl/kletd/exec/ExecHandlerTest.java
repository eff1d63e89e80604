package dev.kctl.kletd.exec;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import dev.kctl.kletd.logs.LogServer;
import dev.kctl.kletd.probe.Target;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ExecHandlerTest {
  private static final String TOKEN = "K10abc::node:secret";

  @TempDir Path temp;
  private final HttpClient http = HttpClient.newHttpClient();
  private LogServer server;

  @BeforeEach
  void start() throws Exception {
    Target container = new Target("127.0.0.1", Map.of(),
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "POD_NAME", "web-1"), temp, 0,
        Optional.empty());
    server = new LogServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, (ns, pod, c) -> Optional.empty(),
        (ns, pod, c) -> pod.equals("web-1") ? Optional.of(container) : Optional.empty());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void runsTheCommandInTheContainerEnvironmentAndReportsItsExitCode() throws Exception {
    Session session = open("web-1", TOKEN, false, "sh", "-c", "echo $POD_NAME in $PWD; echo err >&2; exit 3");

    session.closed.get(10, TimeUnit.SECONDS);
    assertThat(session.text(Channels.STDOUT)).isEqualTo("web-1 in " + temp.toRealPath() + "\n");
    assertThat(session.text(Channels.STDERR)).isEqualTo("err\n");
    JsonNode status = Json.parse(session.text(Channels.ERROR));
    assertThat(status.path("reason").asString()).isEqualTo("NonZeroExitCode");
    assertThat(status.path("details").path("causes").get(0).path("message").asString()).isEqualTo("3");
  }

  @Test
  void relaysStdinUntilTheClientClosesIt() throws Exception {
    Session session = open("web-1", TOKEN, true, "cat");

    session.ws.sendBinary(ByteBuffer.wrap("\u0000hello\n".getBytes(StandardCharsets.UTF_8)), true).join();
    session.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).join();

    session.closed.get(10, TimeUnit.SECONDS);
    assertThat(session.text(Channels.STDOUT)).isEqualTo("hello\n");
    assertThat(Json.parse(session.text(Channels.ERROR)).path("status").asString()).isEqualTo("Success");
  }

  @Test
  void aMissingProgramOrContainerIsAFailureStatus() throws Exception {
    Session missingProgram = open("web-1", TOKEN, false, "no-such-program");
    Session missingPod = open("web-2", TOKEN, false, "true");

    missingProgram.closed.get(10, TimeUnit.SECONDS);
    missingPod.closed.get(10, TimeUnit.SECONDS);
    assertThat(Json.parse(missingProgram.text(Channels.ERROR)).path("message").asString())
        .contains("\"no-such-program\": executable file not found in $PATH");
    assertThat(Json.parse(missingPod.text(Channels.ERROR)).path("message").asString())
        .contains("container not found or not running");
  }

  @Test
  void refusesAWrongToken() {
    assertThatThrownBy(() -> open("web-1", "wrong", false, "true"))
        .hasRootCauseMessage("Unexpected HTTP response status code 401");
  }

  private Session open(String pod, String token, boolean stdin, String... command) throws Exception {
    StringBuilder uri = new StringBuilder("ws://127.0.0.1:" + server.port() + "/exec/default/" + pod + "/app?stdin="
        + stdin + "&tty=false");
    for (String c : command) {
      uri.append("&command=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    Session session = new Session();
    session.ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .subprotocols(Channels.V5, Channels.V4).connectTimeout(ofSeconds(5))
        .buildAsync(URI.create(uri.toString()), session).get(10, TimeUnit.SECONDS);
    assertThat(session.ws.getSubprotocol()).isEqualTo(Channels.V5);
    return session;
  }

  /** Collects what arrives on each stream until the server closes. */
  private static final class Session implements WebSocket.Listener {
    final ByteArrayOutputStream[] streams = {new ByteArrayOutputStream(), new ByteArrayOutputStream(),
        new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final ByteArrayOutputStream message = new ByteArrayOutputStream();
    WebSocket ws;

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      message.writeBytes(bytes);
      if (last) {
        byte[] whole = message.toByteArray();
        message.reset();
        streams[whole[0]].write(whole, 1, whole.length - 1);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    synchronized String text(byte stream) {
      return streams[stream].toString(StandardCharsets.UTF_8);
    }
  }
}
