package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kctl.client.ConfigOverrides;
import dev.kctl.client.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl's connection flags: --server, --token, --insecure-skip-tls-verify, --cluster, --user and
 * --request-timeout, from the command line to a real HTTPS exchange.
 */
class ConnectionFlagsTest {
  private static final String PODS = "/api/v1/namespaces/default/pods";
  private static final String EMPTY_TABLE = "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\","
      + "\"metadata\":{},\"columnDefinitions\":[],\"rows\":[]}";

  private static final char[] PASSWORD = "flags-test".toCharArray();

  @TempDir static Path dir;
  private static HttpsServer server;
  private static final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private static final AtomicReference<String> authorization = new AtomicReference<>();
  /** Held closed, it keeps the pod list from answering, for the timeout test. */
  private static volatile CountDownLatch answer = new CountDownLatch(0);
  private static Path kubeconfig;

  @BeforeAll
  static void serve() throws Exception {
    Path serving = keyPair("server");
    String servingPem = keytool("-exportcert", "-rfc", "-alias", "key", "-keystore", serving.toString(),
        "-storepass", new String(PASSWORD));
    String strangerPem = keytool("-exportcert", "-rfc", "-alias", "key", "-keystore", keyPair("stranger").toString(),
        "-storepass", new String(PASSWORD));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serving)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(executor);
    server.createContext(PODS, ConnectionFlagsTest::listPods);
    server.start();
    // The context's own cluster is unreachable and trusts another CA; "right" is the test server.
    kubeconfig = Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters:
          - name: wrong
            cluster: {server: "https://127.0.0.1:1", certificate-authority-data: %s}
          - name: right
            cluster: {server: "%s", certificate-authority-data: %s}
        users:
          - name: alice
            user: {token: alice-token}
          - name: bob
            user: {token: bob-token}
        contexts:
          - name: kctl
            context: {cluster: wrong, user: alice}
        current-context: kctl
        """.formatted(base64(strangerPem), url(), base64(servingPem)));
  }

  /** A self-signed certificate for 127.0.0.1 and its key, in a new PKCS12 file. */
  private static Path keyPair(String name) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD));
    return store;
  }

  private static String keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(out).isZero();
    return out;
  }

  @AfterAll
  static void stop() {
    answer.countDown();
    if (server != null) {
      server.stop(0);
    }
    executor.shutdownNow();
  }

  private static String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void listPods(HttpExchange exchange) throws IOException {
    authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
    try {
      answer.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = EMPTY_TABLE.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException clientGone) {
      // The timeout test's client has given up; nothing to answer.
    }
  }

  record Result(int code, String out, String err) {}

  private static Result kctl(Connector connector, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Kctl kctl = new Kctl(connector, InputStream.nullInputStream())) {
      int code = kctl.execute(args, new PrintWriter(out), new PrintWriter(err));
      return new Result(code, out.toString(), err.toString());
    }
  }

  private static Result kctl(String... args) {
    List<String> words = new java.util.ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
    words.addAll(List.of(args));
    return kctl(Connector.KUBECONFIG, words.toArray(String[]::new));
  }

  /** A connector that remembers the overrides it was given and connects to a fake. */
  private static final class Recording implements Connector {
    ConfigOverrides overrides;

    @Override
    public Connection connect(String kubeconfig, String context) {
      return new Connection(new FakeClient(), "default");
    }

    @Override
    public Connection connect(String kubeconfig, String context, RequestLog requestLog, ConfigOverrides given) {
      overrides = given;
      return connect(kubeconfig, context);
    }
  }

  @Test
  void theVerbIsFoundAfterEveryConnectionFlagAndItsValue() {
    assertThat(CommandWords.verb(new String[] {"-s", "https://h:1", "--server", "https://h:2", "--token", "t",
        "--cluster", "c", "--user", "u", "--request-timeout", "5s", "--insecure-skip-tls-verify", "get", "pods"}))
        .isEqualTo("get");
  }

  @Test
  void onATerminalOnlyGlobalFlagsStartTheReplButHelpAndVerbsDoNot() {
    assertThat(Kctl.withReplWhenNoVerb(new String[] {"--kubeconfig", "k", "-n", "shop"}))
        .containsExactly("--kubeconfig", "k", "-n", "shop", "repl");
    assertThat(Kctl.withReplWhenNoVerb(new String[0])).containsExactly("repl");
    assertThat(Kctl.withReplWhenNoVerb(new String[] {"--kubeconfig", "k", "get", "pods"}))
        .containsExactly("--kubeconfig", "k", "get", "pods");
    assertThat(Kctl.withReplWhenNoVerb(new String[] {"--help"})).containsExactly("--help");
  }

  @Test
  void theFlagsReachTheConnectionBeforeOrAfterTheVerb() {
    ConfigOverrides expected = new ConfigOverrides("c", "u", "https://h:1", "t", true, Duration.ofSeconds(90));
    Recording before = new Recording();
    Recording after = new Recording();

    assertThat(kctl(before, "-s", "https://h:1", "--token", "t", "--cluster", "c", "--user", "u",
        "--insecure-skip-tls-verify", "--request-timeout", "1m30s", "get", "pods").code()).isZero();
    assertThat(kctl(after, "get", "pods", "--server=https://h:1", "--token=t", "--cluster=c", "--user=u",
        "--insecure-skip-tls-verify=true", "--request-timeout=90").code()).isZero();

    assertThat(before.overrides).isEqualTo(expected);
    assertThat(after.overrides).isEqualTo(expected);
  }

  @Test
  void withoutFlagsNothingIsOverriddenAndRequestsKeepTheDefaultTimeout() {
    Recording connector = new Recording();

    kctl(connector, "get", "pods");

    assertThat(connector.overrides).isEqualTo(ConfigOverrides.NONE);
    assertThat(connector.overrides.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void requestTimeoutTakesSecondsOrGoDurationsAndZeroMeansNone() {
    assertThat(ConfigOverrides.parseTimeout("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigOverrides.parseTimeout("0")).isEqualTo(Duration.ZERO);
    assertThat(ConfigOverrides.parseTimeout("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigOverrides.parseTimeout("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(ConfigOverrides.parseTimeout("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> ConfigOverrides.parseTimeout("-1")).hasMessageStartingWith("Invalid timeout value.");
    assertThatThrownBy(() -> ConfigOverrides.parseTimeout("5 seconds")).hasMessageStartingWith("Invalid timeout");
  }

  @Test
  void aBadRequestTimeoutIsReportedAsKubectlWordsIt() {
    Result result = kctl(new Recording(), "--request-timeout", "soon", "get", "pods");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: Invalid timeout value. Timeout must be a single integer in seconds,"
        + " or an integer followed by a corresponding time unit (e.g. 1|1s|2m|3h)\n");
  }

  @Test
  void clusterAndUserPickOtherKubeconfigEntriesThanTheContext() {
    Result result = kctl("--cluster", "right", "--user", "bob", "get", "pods");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(authorization.get()).isEqualTo("Bearer bob-token");
  }

  @Test
  void anUnknownClusterOrUserIsNamedWithItsFlag() {
    assertThat(kctl("--cluster", "nowhere", "get", "pods").err())
        .contains("clusters has no entry named \"nowhere\" (given by --cluster)");
    assertThat(kctl("--cluster", "right", "--user", "carol", "get", "pods").err())
        .contains("users has no entry named \"carol\" (given by --user)");
  }

  @Test
  void serverAndTokenReplaceTheKubeconfigsButItsCaStillHasToTrustTheServer() {
    Result refused = kctl("--server", url(), "--token", "flag-token", "get", "pods");

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("cannot reach the API server at " + url()).contains("TLS handshake failed");
  }

  @Test
  void insecureSkipTlsVerifyAcceptsAServerTheKubeconfigsCaDoesNotTrust() {
    Result result = kctl("-s", url(), "--token", "flag-token", "--insecure-skip-tls-verify", "get", "pods");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(authorization.get()).isEqualTo("Bearer flag-token");
  }

  @Test
  void aRequestSlowerThanTheRequestTimeoutFails() {
    authorization.set(null);
    answer = new CountDownLatch(1);
    try {
      Result result = kctl("--cluster", "right", "--request-timeout", "1s", "get", "pods");

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.err()).contains("did not answer within 1s").contains("--request-timeout");
      assertThat(authorization.get()).as("the request reached the server").isEqualTo("Bearer alice-token");
    } finally {
      answer.countDown();
    }
  }

  @Test
  void configSetContextStillNamesTheContextsClusterAndUserWithThem() throws IOException {
    Path own = Files.copy(kubeconfig, dir.resolve("own-config"));

    Result result = kctl(new Recording(), "--kubeconfig", own.toString(), "config", "set-context", "other",
        "--cluster", "right", "--user", "bob");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(Files.readString(own)).contains("name: other").contains("cluster: right").contains("user: bob");
  }
}
