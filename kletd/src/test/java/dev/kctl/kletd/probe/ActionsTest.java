package dev.kctl.kletd.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionsTest {
  private final Actions actions = new Actions();
  @TempDir Path dir;

  private Target target(Map<String, Integer> ports) {
    return new Target("127.0.0.1", ports, Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello"), dir, 0,
        Optional.empty());
  }

  @Test
  void execRunsWithTheContainersEnvAndFolderAndFailsOnANonZeroExit() {
    Outcome ok = actions.run(new Action.Exec(List.of("sh", "-c", "echo $GREETING; pwd")), target(Map.of()),
        Duration.ofSeconds(10));
    Outcome bad = actions.run(new Action.Exec(List.of("sh", "-c", "echo broken >&2; exit 3")), target(Map.of()),
        Duration.ofSeconds(10));

    assertThat(ok).isEqualTo(new Outcome.Success("hello\n" + dir + "\n"));
    assertThat(bad).isEqualTo(new Outcome.Failure("broken\n"));
  }

  @Test
  void execThatOutlivesItsTimeoutFails() {
    Outcome slow = actions.run(new Action.Exec(List.of("sleep", "30")), target(Map.of()), Duration.ofMillis(200));

    assertThat(slow).isEqualTo(new Outcome.Failure("command \"sleep 30\" timed out"));
  }

  @Test
  void httpGetGoesToTheNamedPortsHostPortWithHeadersAndJudgesTheStatus() throws Exception {
    AtomicReference<String> header = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      if (exchange.getRequestURI().getPath().equals("/healthz")) {
        header.set(exchange.getRequestHeaders().getFirst("X-Probe"));
      }
      byte[] body = "fine".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/healthz") ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Target target = target(Map.of("http", server.getAddress().getPort()));

      Outcome ok = actions.run(new Action.HttpGet("", "http", "/healthz", "HTTP",
          List.of(new Action.Header("X-Probe", "yes"))), target, Duration.ofSeconds(5));
      Outcome bad = actions.run(new Action.HttpGet("", "http", "/other", "HTTP", List.of()), target,
          Duration.ofSeconds(5));

      assertThat(ok).isEqualTo(new Outcome.Success("fine"));
      assertThat(header.get()).isEqualTo("yes");
      assertThat(bad).isEqualTo(new Outcome.Failure("HTTP probe failed with statuscode: 503"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void tcpSocketSucceedsWhenSomethingListensAndSaysConnectionRefusedOtherwise() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Outcome ok = actions.run(new Action.TcpSocket("", Integer.toString(socket.getLocalPort())), target(Map.of()),
          Duration.ofSeconds(5));
      assertThat(ok).isInstanceOf(Outcome.Success.class);
      closed = socket.getLocalPort();
    }

    Outcome refused = actions.run(new Action.TcpSocket("", "8080"), target(Map.of("8080", closed)),
        Duration.ofSeconds(5));

    assertThat(refused).isEqualTo(new Outcome.Failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
  }
}
