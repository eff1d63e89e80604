package dev.kctl.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

  @Test
  void createsCaAndServingCertificateAsPemFilesWithPrivateKeys(@TempDir Path dir) throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());

    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(pki.caCertificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    for (String key : List.of("ca.key", "apiserver.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
          .as(key).isEqualTo("rw-------");
    }
    X509Certificate ca = pki.caCertificate();
    X509Certificate serving = pki.servingCertificate();
    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(ca.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3600)));
    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(serving.getNotAfter().toInstant())
        .isBetween(Instant.now().plus(Duration.ofDays(360)), Instant.now().plus(Duration.ofDays(366)));
    serving.verify(ca.getPublicKey());
    assertThat(serving.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
            List.of(2, "localhost"));
  }

  @Test
  void reloadsTheSameCaAndServingCertificate(@TempDir Path dir) {
    ClusterPki first = ClusterPki.loadOrCreate(dir, List.of("kctl.example"));
    ClusterPki second = ClusterPki.loadOrCreate(dir, List.of("kctl.example"));

    assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
    assertThat(second.caCertHash()).isEqualTo(first.caCertHash());
    assertThat(second.servingCertificate()).isEqualTo(first.servingCertificate());
  }

  @Test
  void servingKeyStoreChainIsServingCertificateThenCa(@TempDir Path dir) throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());

    KeyStore store = pki.servingKeyStore();
    assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
    String alias = store.aliases().nextElement();
    Certificate[] chain = store.getCertificateChain(alias);
    assertThat(chain).containsExactly(pki.servingCertificate(), pki.caCertificate());
    assertThat(store.getKey(alias, pki.keyStorePassword())).isInstanceOf(PrivateKey.class);
  }

  @Test
  void issuesAServingCertificateAgainWhenAHostIsAdded(@TempDir Path dir) throws Exception {
    ClusterPki first = ClusterPki.loadOrCreate(dir, List.of());
    ClusterPki second = ClusterPki.loadOrCreate(dir, List.of("10.1.2.3", "Node-1.Example", "[fd00::1]"));

    assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
    assertThat(second.servingCertificate()).isNotEqualTo(first.servingCertificate());
    assertThat(second.servingCertificate().getSubjectAlternativeNames())
        .contains(List.of(7, "10.1.2.3"), List.of(2, "node-1.example"), List.of(7, "fd00:0:0:0:0:0:0:1"),
            List.of(2, "localhost"));
    assertThat(Files.readString(dir.resolve("apiserver.crt")))
        .isEqualTo(pemOf(second.servingCertificate()));
  }

  @Test
  void issuesAServingCertificateAgainWhenItExpiresWithin30Days(@TempDir Path dir) {
    Instant longAgo = Instant.now().minus(Duration.ofDays(340));
    ClusterPki old = ClusterPki.loadOrCreate(dir, List.of(), InstantSource.fixed(longAgo));
    ClusterPki renewed = ClusterPki.loadOrCreate(dir, List.of());

    assertThat(renewed.caCertificatePem()).isEqualTo(old.caCertificatePem());
    assertThat(renewed.servingCertificate().getNotAfter().toInstant())
        .isAfter(Instant.now().plus(Duration.ofDays(300)));
  }

  @Test
  void refusesACaCertificateWithoutItsKey(@TempDir Path dir) throws IOException {
    ClusterPki.loadOrCreate(dir, List.of());
    Files.delete(dir.resolve("ca.key"));

    assertThatThrownBy(() -> ClusterPki.loadOrCreate(dir, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("ca.key").toString())
        .hasMessageContaining("missing");
  }

  @Test
  void rejectsAHostThatIsNeitherAnAddressNorADnsName(@TempDir Path dir) {
    assertThatThrownBy(() -> ClusterPki.loadOrCreate(dir, List.of("bad host")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"bad host\"");
  }

  @Test
  void caCertHashIsSha256OfTheCaSubjectPublicKeyInfo(@TempDir Path dir) throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());

    byte[] spki = new X509CertificateHolder(pki.caCertificate().getEncoded())
        .getSubjectPublicKeyInfo().getEncoded();
    String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
    assertThat(pki.caCertHash()).isEqualTo(expected).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void caCertHashMatchesKubeadmsOpensslRecipe(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());

    Process openssl = new ProcessBuilder("sh", "-c",
        "openssl x509 -pubkey -noout -in ca.crt | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(output.strip()).endsWith(" " + pki.caCertHash().substring("sha256:".length()));
    } finally {
      openssl.destroyForcibly();
    }
  }

  private static String pemOf(X509Certificate certificate) {
    return Pem.encode(certificate);
  }
}
