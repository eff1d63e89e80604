package dev.kctl.kletd.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sinceSeconds, sinceTime and timestamps on the node's log endpoint, with a fake clock. */
class LogServerSinceTest {
  private static final String TOKEN = "K10abc::node:secret";
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path temp;
  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final HttpClient http = HttpClient.newHttpClient();
  private LogServer server;
  private Path log;

  @BeforeEach
  void start() throws Exception {
    log = Files.writeString(temp.resolve("0.log"), "old\n");
    LogSource source = (ns, pod, container) -> Optional.of(new ContainerLog(log, Optional.empty(), () -> false));
    server = new LogServer(new InetSocketAddress("127.0.0.1", 0), TOKEN, source,
        (ns, pod, container) -> Optional.empty(), new InstantSource() {
          @Override
          public Instant instant() {
            return now.get();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void timestampsDateLinesByWhenTheNodeFirstSawThemAndSinceLeavesOutOlderOnes() throws Exception {
    String first = get("?timestamps=true");
    now.set(START.plusSeconds(60));
    Files.writeString(log, "new\n", StandardOpenOption.APPEND);

    String recent = get("?sinceSeconds=30&timestamps=true");
    String sinceTime = get("?sinceTime=2030-01-01T00:00:30Z");
    String all = get("");

    // The file was made before the fake clock's start: its first line carries that real time.
    assertThat(first).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z old\\n");
    assertThat(recent).isEqualTo("2030-01-01T00:01:00Z new\n");
    assertThat(sinceTime).isEqualTo("new\n");
    assertThat(all).isEqualTo("old\nnew\n");
  }

  @Test
  void rejectsAMalformedSinceTime() throws Exception {
    HttpResponse<String> response = http.send(request("?sinceTime=yesterday"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
  }

  private String get(String query) throws Exception {
    HttpResponse<String> response = http.send(request(query), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private HttpRequest request(String query) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/containerLogs/default/web/app"
        + query)).header("Authorization", "Bearer " + TOKEN).build();
  }
}
