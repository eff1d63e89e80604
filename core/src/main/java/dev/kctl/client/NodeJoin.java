package dev.kctl.client;

import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node's own credentials and how it gets them. On first start kletd makes an EC P-256 key, sends
 * a PKCS#10 request for it with its name and addresses to kctld's node credentials endpoint,
 * authenticated with the join token, and keeps the answer in its data directory (files mode 0600):
 * {@code node.key}, {@code node.crt} (its serving certificate, signed by the cluster CA),
 * {@code ca.crt}, {@code node.token} (its bearer token to kctld) and {@code kctld.token} (what kctld
 * presents to its endpoint). Later starts {@link #load} them and need no join token.
 *
 * @param nodeName the name the credentials are bound to
 * @param token the node's bearer token to kctld
 * @param certificatePem the node's serving certificate
 * @param privateKeyPem the key of that certificate, PKCS#8 PEM
 * @param caCertificatePem the cluster CA
 * @param kctldToken the bearer token kctld presents to the node's endpoint
 */
public record NodeJoin(String nodeName, String token, String certificatePem, String privateKeyPem,
    String caCertificatePem, String kctldToken) {
  /** Where kctld issues node credentials. */
  public static final String PATH = "/apis/kctl.dev/v1/nodecredentials";
  static final String NAME_FILE = "node.name";
  static final String TOKEN_FILE = "node.token";
  static final String CERT_FILE = "node.crt";
  static final String KEY_FILE = "node.key";
  static final String CA_FILE = "ca.crt";
  static final String KCTLD_TOKEN_FILE = "kctld.token";

  /**
   * The credentials kept in {@code dir}, if a join stored them there.
   *
   * @throws IllegalStateException if only some of the files are there; the message says what to do
   */
  public static Optional<NodeJoin> load(Path dir) {
    List<String> files = List.of(NAME_FILE, TOKEN_FILE, CERT_FILE, KEY_FILE, CA_FILE, KCTLD_TOKEN_FILE);
    List<String> missing = files.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    if (missing.size() == files.size()) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the node credentials in " + dir + " are incomplete (missing " + missing
          + "); remove " + files + " there, delete the old Node and its secret kube-system/kctl-node-<name>,"
          + " and start kletd again with the join token");
    }
    return Optional.of(new NodeJoin(read(dir, NAME_FILE).strip(), read(dir, TOKEN_FILE).strip(),
        read(dir, CERT_FILE), read(dir, KEY_FILE), read(dir, CA_FILE), read(dir, KCTLD_TOKEN_FILE).strip()));
  }

  /**
   * Asks the server for credentials of node {@code nodeName} with {@code joinToken}, pinning the
   * CA as {@link RestClient#forNode(URI, NodeToken, String)} does.
   *
   * @param addresses the node's IP addresses, which its serving certificate will name
   * @throws dev.kctl.api.ApiException 409 when a node of that name has joined already
   */
  public static NodeJoin request(URI server, NodeToken joinToken, String caCertHashOrEmpty, String nodeName,
      List<String> addresses) {
    return request(server, joinToken, caCertHashOrEmpty, nodeName, addresses, newKeyPair());
  }

  /**
   * Like {@link #request(URI, NodeToken, String, String, List)}, for another node that serves on
   * the same endpoint with the same key as this one (kletd's simulated nodes).
   */
  public NodeJoin requestSibling(URI server, NodeToken joinToken, String caCertHashOrEmpty, String siblingName,
      List<String> addresses) {
    return request(server, joinToken, caCertHashOrEmpty, siblingName, addresses,
        new KeyPair(certificate(certificatePem).getPublicKey(), privateKey()));
  }

  /**
   * A PKCS#12 key store (in memory) with one entry, {@code node}: the node's key and the chain
   * [its certificate, the CA], protected by {@code password}; what its HTTPS endpoint serves.
   */
  public KeyStore servingKeyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", privateKey(), password,
          new Certificate[] {certificate(certificatePem), certificate(caCertificatePem)});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the key store of node " + nodeName + ": " + e.getMessage(), e);
    }
  }

  private static NodeJoin request(URI server, NodeToken joinToken, String caCertHashOrEmpty, String nodeName,
      List<String> addresses, KeyPair key) {
    ObjectNode body = Json.object();
    body.put("nodeName", nodeName);
    addresses.forEach(body.putArray("addresses")::add);
    body.put("csr", csr(key, "system:node:" + nodeName));
    ObjectNode answer;
    try (RestClient client = RestClient.forNode(server, joinToken, caCertHashOrEmpty)) {
      answer = client.post(PATH, body);
    }
    return new NodeJoin(nodeName, answer.path("token").asString(""), answer.path("certificate").asString(""),
        privateKeyPem(key), answer.path("caCertificate").asString(""), answer.path("kctldToken").asString(""));
  }

  /** The hash of the CA these credentials trust, as a join token names it. */
  public String caCertHash() {
    return NodeToken.caCertHash(certificate(caCertificatePem));
  }

  /** Writes the credentials into {@code dir}, each file mode 0600. */
  public void save(Path dir) {
    PrivateFiles.createDirectories(dir);
    // The key first and the name last: load() refuses a partial set, so a crash in between is seen.
    write(dir, KEY_FILE, privateKeyPem);
    write(dir, CERT_FILE, certificatePem);
    write(dir, CA_FILE, caCertificatePem);
    write(dir, TOKEN_FILE, token + "\n");
    write(dir, KCTLD_TOKEN_FILE, kctldToken + "\n");
    write(dir, NAME_FILE, nodeName + "\n");
  }

  @Override
  public String toString() {
    return "NodeJoin[" + nodeName + ", secrets hidden]";
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  /** A PEM PKCS#10 request for {@code key} with subject {@code CN=<commonName>}, signed by it. */
  static String csr(KeyPair key, String commonName) {
    try {
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
          new X500Principal("CN=" + commonName), key.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(request);
      }
      return out.toString();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request with an EC key", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PrivateKey privateKey() {
    String base64 = privateKeyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the key of node " + nodeName + " is not an EC PKCS#8 PEM key: "
          + e.getMessage(), e);
    }
  }

  private static X509Certificate certificate(String pem) {
    return Tls.parsePem(pem, "a node credential certificate").getFirst();
  }

  private static String privateKeyPem(KeyPair key) {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }

  private static void write(Path dir, String name, String content) {
    PrivateFiles.write(dir.resolve(name), content.getBytes(StandardCharsets.US_ASCII));
  }

  private static String read(Path dir, String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(name) + ": " + e, e);
    }
  }
}
