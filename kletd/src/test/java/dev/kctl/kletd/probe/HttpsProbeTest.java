package dev.kctl.kletd.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsProbeTest {
  private final Actions actions = new Actions();
  private final AtomicReference<String> header = new AtomicReference<>();
  private HttpsServer server;
  @TempDir Path dir;

  /** A TLS server on 127.0.0.1 whose certificate is self-signed and names another host. */
  @BeforeEach
  void startServer() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=somewhere.invalid");
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
        BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      boolean healthy = exchange.getRequestURI().getPath().equals("/healthz");
      if (healthy) {
        header.set(exchange.getRequestHeaders().getFirst("X-Probe"));
      }
      byte[] body = (healthy ? "secure" : "nope").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(healthy ? 200 : 500, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Target target() {
    return new Target("127.0.0.1", Map.of("https", server.getAddress().getPort()), Map.of(), dir, 0,
        Optional.empty());
  }

  @Test
  void httpsGetAcceptsASelfSignedCertificateForAnotherHostAndSendsTheHeaders() {
    Outcome ok = actions.run(new Action.HttpGet("", "https", "/healthz", "HTTPS",
        List.of(new Action.Header("X-Probe", "tls"))), target(), Duration.ofSeconds(10));

    assertThat(ok).isEqualTo(new Outcome.Success("secure"));
    assertThat(header.get()).isEqualTo("tls");
  }

  @Test
  void httpsGetJudgesTheStatusCode() {
    Outcome bad = actions.run(new Action.HttpGet("", "https", "/other", "HTTPS", List.of()), target(),
        Duration.ofSeconds(10));

    assertThat(bad).isEqualTo(new Outcome.Failure("HTTP probe failed with statuscode: 500"));
  }

  @Test
  void plainHttpToATlsPortFails() {
    Outcome wrong = actions.run(new Action.HttpGet("", "https", "/healthz", "HTTP", List.of()), target(),
        Duration.ofSeconds(10));

    assertThat(wrong).isInstanceOf(Outcome.Failure.class);
  }
}
