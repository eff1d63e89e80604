package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service names with a real kctld and kletd: a pod's process resolves Services through
 * /etc/hosts (the pod's hosts file, bind-mounted in its mount namespace), including a Service
 * created after the pod started, and the API server answers on its Service {@code kubernetes}.
 */
class ServiceNamesIT {
  static final String RESOLVER = """
      {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "resolver"},
       "spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "/bin/sh"}]}}""";
  static final String SCRIPT = String.join("; ",
      "echo \"fqdn $(getent hosts early.default.svc.cluster.local)\"",
      "echo \"short $(getent hosts early)\"",
      "echo \"api $(getent hosts kubernetes.default.svc) env $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT\"",
      "echo started",
      "until getent hosts late >/dev/null; do sleep 0.2; done",
      "echo \"late $(getent hosts late.default.svc.cluster.local)\"",
      "exec sleep 600");

  @TempDir Path home;
  KletdCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPodResolvesServicesByTheirNamesIncludingOneCreatedAfterItStarted() throws Exception {
    cluster = KletdCluster.start(home);
    String early = service("early");
    ObjectNode pod = Json.parseObject(RESOLVER);
    ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("command").add("/bin/sh").add("-c").add(SCRIPT);
    cluster.api.create(ResourceTypes.PODS, "default", pod);

    await("pod resolver printed what it resolved").atMost(ofSeconds(60))
        .failFast("kletd exited:\n" + cluster.kletd().tail(), () -> !cluster.kletd().isAlive())
        .ignoreExceptionsInstanceOf(ApiException.class) // no logs before the pod is scheduled
        .until(() -> logs("resolver").contains("started"));
    cluster.pid("resolver", "main");
    String log = logs("resolver");
    assertThat(log).as("log of pod resolver").containsPattern(
            "fqdn " + early.replace(".", "\\.") + "\\s+early\\.default\\.svc\\.cluster\\.local")
        .containsPattern("short " + early.replace(".", "\\.") + "\\s+early\\.default\\.svc\\.cluster\\.local")
        .containsPattern("api 127\\.96\\.0\\.1\\s+kubernetes\\.default\\.svc\\.cluster\\.local.* env 127\\.96\\.0\\.1:443");
    assertThat(Files.readString(Path.of("/etc/hosts"))).as("the node's own /etc/hosts").doesNotContain("svc.cluster.local");

    String late = service("late");

    await("pod resolver resolving service late, made after it started").atMost(ofSeconds(30))
        .until(() -> logs("resolver").contains("late "));
    assertThat(logs("resolver")).containsPattern("late " + late.replace(".", "\\.") + "\\s+late\\.default\\.svc");
  }

  @Test
  void theApiServerAnswersOnServiceKubernetesWithACertificateForItsAddress() throws Exception {
    cluster = KletdCluster.start(home);
    HttpClient http = HttpClient.newBuilder().sslContext(trustingClusterCa()).connectTimeout(Duration.ofSeconds(2))
        .build();
    HttpRequest version = HttpRequest.newBuilder(URI.create("https://127.96.0.1:443/version"))
        .timeout(Duration.ofSeconds(5)).build();

    int status = await("kletd's proxy forwarding 127.96.0.1:443 to kctld").atMost(ofSeconds(30))
        .until(() -> {
          try {
            return http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (IOException e) {
            // Every cluster's kubernetes Service is 127.96.0.1:443, so a second cluster on this
            // machine (another test run) cannot have it; its kletd says so on the Service.
            Assumptions.assumeFalse(bindFailed(), "another cluster on this machine holds 127.96.0.1:443");
            return 0;
          }
        }, code -> code > 0);

    // Reaching the API server through TLS is the point; whether /version wants a token is its business.
    assertThat(status).isIn(200, 401, 403);
  }

  private boolean bindFailed() {
    for (JsonNode e : cluster.api.list(ResourceTypes.EVENTS, "default", ListOptions.NONE).path("items")) {
      if (e.path("reason").asString("").equals("FailedToBindServicePort")
          && e.path("involvedObject").path("name").asString("").equals("kubernetes")) {
        return true;
      }
    }
    return false;
  }

  /** Creates a selectorless Service; returns its clusterIP. */
  private String service(String name) {
    return cluster.api.create(ResourceTypes.SERVICES, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "%s"},
         "spec": {"ports": [{"port": 80, "targetPort": 8080}]}}""".formatted(name)))
        .path("spec").path("clusterIP").asString();
  }

  private String logs(String pod) throws Exception {
    try (InputStream in = cluster.api.logs("default", pod, new LogOptions("main", false, -1, false))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private SSLContext trustingClusterCa() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream ca = Files.newInputStream(home.resolve("server/ca.crt"))) {
      trust.setCertificateEntry("kctl-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
