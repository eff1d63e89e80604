package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.RequestLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The -v request log and the connection-refused message. */
class RequestTraceTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter err = new PrintWriter(text);
  private final InstantSource clock = InstantSource.fixed(Instant.parse("2025-01-02T15:04:05.123456Z"));
  private final RequestLog.Exchange exchange = new RequestLog.Exchange("GET",
      URI.create("https://127.0.0.1:6443/api/v1/namespaces/default/pods"), 200, Duration.ofMillis(5),
      new byte[0], "{\"items\":[]}".getBytes(StandardCharsets.UTF_8));

  @Test
  void level6LogsMethodUrlStatusAndDurationAsKubectl() {
    new RequestTrace(6, () -> err, clock, ZoneOffset.UTC).exchanged(exchange);

    assertThat(text.toString()).isEqualTo("I0102 15:04:05.123456 kctl] GET https://127.0.0.1:6443/api/v1/namespaces/"
        + "default/pods 200 OK in 5 milliseconds\n");
  }

  @Test
  void level8AddsTheBodiesAndLowerLevelsLogNothing() {
    new RequestTrace(8, () -> err, clock, ZoneOffset.UTC).exchanged(exchange);
    new RequestTrace(5, () -> err, clock, ZoneOffset.UTC).exchanged(exchange);

    assertThat(text.toString().lines()).hasSize(2).last().asString().endsWith("Response Body: {\"items\":[]}");
  }

  @Test
  void connectionRefusedNamesTheServerTheKubeconfigAndHowToStartKctld() {
    Connector.Connection connection = new Connector.Connection(new FakeClient(), "default", path -> null,
        URI.create("https://127.0.0.1:6443"), "kctl", "/home/me/.kube/config");

    String message = ErrorReporter.refusedMessage(connection);

    assertThat(message).startsWith("The connection to the server 127.0.0.1:6443 was refused - did you specify the"
        + " right host or port?\n").contains("/home/me/.kube/config").contains("bin/up").contains("bin/kctld");
  }

  @Test
  void aRefusedConnectionOfARealClientIsReportedThatWay() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    java.nio.file.Path kubeconfig = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
    try {
      dev.kctl.client.KubeConfig.write(kubeconfig, "kctl", "https://127.0.0.1:" + port, "", "admin", "token");
      StringWriter out = new StringWriter();
      StringWriter errors = new StringWriter();
      try (Kctl kctl = new Kctl(Connector.KUBECONFIG, java.io.InputStream.nullInputStream())) {
        int code = kctl.execute(new String[] {"--kubeconfig", kubeconfig.toString(), "-v=6", "get", "pods"},
            new PrintWriter(out), new PrintWriter(errors));
        assertThat(code).isEqualTo(1);
      }
      assertThat(errors.toString()).contains("The connection to the server 127.0.0.1:" + port + " was refused")
          .contains(kubeconfig.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(kubeconfig);
    }
  }
}
