package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.Authorizer.Identity;
import dev.kctl.codec.Json;
import dev.kctl.pki.ClusterPki;
import dev.kctl.store.RocksStore;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class NodeCredentialsTest {
  private static final String CSR = csr();
  @TempDir Path dir;
  RocksStore store;
  ClusterPki pki;
  ApiService api;
  NodeCredentials credentials;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir);
    api = new ApiService(store, InstantSource.system());
    api.create(ResourceTypes.NAMESPACES, null,
        Json.parseObject("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-system\"}}"),
        WriteOptions.DEFAULT);
    pki = ClusterPki.loadOrCreate(dir.resolve("pki"), List.of());
    credentials = new NodeCredentials(api, pki::issueNodeServing, pki.caCertificatePem(),
        hash -> "kctld-" + hash.substring(0, 8));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ObjectNode join(String node) {
    return credentials.issue(Json.parseObject(
        "{\"nodeName\":\"%s\",\"addresses\":[\"10.0.0.7\"]}".formatted(node)).put("csr", CSR));
  }

  @Test
  void issuesACertificateForTheNodesAddressAndATokenThatAuthenticatesAsThatNodeOnly() throws Exception {
    ObjectNode answer = join("n1");

    X509Certificate certificate = certificate(answer.path("certificate").asString());
    assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "10.0.0.7"));
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1");
    certificate.verify(certificate(answer.path("caCertificate").asString()).getPublicKey());
    assertThat(answer.path("kctldToken").asString()).startsWith("kctld-");
    String token = answer.path("token").asString();
    assertThat(credentials.authenticate(token)).contains(new Identity.Node("n1"));
    assertThat(credentials.authenticate(token.substring(0, token.length() - 1) + "x")).isEmpty();
    assertThat(credentials.authenticate(token.replace("node:n1:", "node:n2:"))).isEmpty();
  }

  @Test
  void keepsOnlyAHashOfTheToken() {
    String token = join("n1").path("token").asString();
    String secret = token.substring(token.lastIndexOf(':') + 1);

    ObjectNode stored = api.get(ResourceTypes.SECRETS, "kube-system", "kctl-node-n1");
    assertThat(Json.string(stored)).doesNotContain(secret)
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(secret.getBytes()));
    assertThat(NodeCredentials.servingKeyHash(api, "n1")).hasSize(64);
  }

  @Test
  void refusesASecondJoinUnderAnExistingNameWithHowToRemoveTheOldNode() {
    String first = join("n1").path("token").asString();

    assertThatThrownBy(() -> join("n1"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409))
        .hasMessageContaining("delete node n1").hasMessageContaining("kctl-node-n1");
    assertThat(credentials.authenticate(first)).contains(new Identity.Node("n1"));
  }

  @Test
  void refusesBadNamesAndRequestsWith400() {
    assertThatThrownBy(() -> join("N_1"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> credentials.issue(
        Json.parseObject("{\"nodeName\":\"n1\",\"addresses\":[\"10.0.0.7\"],\"csr\":\"junk\"}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("certificate request");
    assertThat(credentials.authenticate("node:n1:abc")).isEqualTo(Optional.empty());
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A PKCS#10 request for a fresh EC key, as a joining kletd sends one. */
  private static String csr() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair key = generator.generateKeyPair();
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
          new X500Principal("CN=whatever"), key.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(request);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNodeWithoutCredentialsHasNoKctldToken() {
    assertThatThrownBy(() -> NodeCredentials.servingKeyHash(api, "old"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(503))
        .hasMessageContaining("old");
  }
}
