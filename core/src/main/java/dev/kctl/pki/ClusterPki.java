package dev.kctl.pki;

import dev.kctl.client.NodeToken;
import dev.kctl.client.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's certificate authority and the API server's serving certificate, kept as PEM files
 * in the server's data directory: {@code ca.crt}, {@code ca.key}, {@code apiserver.crt},
 * {@code apiserver.key} (keys mode 0600).
 *
 * <p>The CA is created once (EC P-256, valid ten years) and then only loaded: its key's hash is in
 * every node token and kubeconfig, so it never changes behind their backs. The serving certificate
 * (valid one year, server authentication only) names 127.0.0.1, ::1, localhost and the given hosts;
 * it is issued again at start when a host is missing from it, when it expires within 30 days, or
 * when it no longer matches the CA or its key.
 */
public final class ClusterPki {
  private static final Logger log = LoggerFactory.getLogger(ClusterPki.class);

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String SERVING_CERT = "apiserver.crt";
  static final String SERVING_KEY = "apiserver.key";
  private static final String KEY_ALIAS = "apiserver";
  private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1", "localhost");

  private final X509Certificate ca;
  private final PrivateKey caKey;
  private final InstantSource clock;
  private final X509Certificate serving;
  private final PrivateKey servingKey;
  private final char[] password;

  private ClusterPki(X509Certificate ca, PrivateKey caKey, InstantSource clock, X509Certificate serving,
      PrivateKey servingKey) {
    this.ca = ca;
    this.caKey = caKey;
    this.clock = clock;
    this.serving = serving;
    this.servingKey = servingKey;
    this.password = randomPassword();
  }

  /**
   * Loads the PKI from {@code dataDir}, creating what is missing.
   *
   * @param hosts extra names clients may use for the server, IP addresses or DNS names (such as
   *     the listen host or the machine's name); loopback names are always included
   * @throws IllegalStateException if the CA certificate exists without its key, or a file is
   *     corrupt; the message names the file
   */
  public static ClusterPki loadOrCreate(Path dataDir, List<String> hosts) {
    return loadOrCreate(dataDir, hosts, InstantSource.system());
  }

  static ClusterPki loadOrCreate(Path dataDir, List<String> hosts, InstantSource clock) {
    Set<Certificates.AltName> names = new LinkedHashSet<>();
    for (String host : LOOPBACK) {
      names.add(Certificates.AltName.parse(host));
    }
    for (String host : hosts) {
      names.add(Certificates.AltName.parse(host));
    }
    PrivateFiles.createDirectories(dataDir);
    Instant now = clock.instant();

    Path caCert = dataDir.resolve(CA_CERT);
    Path caKeyFile = dataDir.resolve(CA_KEY);
    X509Certificate ca;
    PrivateKey caKey;
    if (Files.exists(caCert)) {
      if (!Files.exists(caKeyFile)) {
        throw new IllegalStateException(caCert + " exists but its key " + caKeyFile + " is missing;"
            + " restore the key, or remove " + caCert + " to create a new CA (every node must then"
            + " join again with the new node-token, and kubeconfigs must be rewritten)");
      }
      ca = Pem.certificate(read(caCert), caCert);
      caKey = Pem.privateKey(read(caKeyFile), Certificates.KEY_ALGORITHM, caKeyFile);
      if (!Certificates.matches(ca, caKey)) {
        throw new IllegalStateException(caKeyFile + " is not the key of " + caCert
            + "; restore the matching pair from a backup");
      }
    } else {
      KeyPair key = Certificates.newKeyPair();
      ca = Certificates.selfSignedCa(key, "kctl-ca@" + now.getEpochSecond(), now, CA_VALIDITY);
      caKey = key.getPrivate();
      // Key first: a crash between the two writes leaves no certificate, so the next start
      // creates a fresh pair instead of finding a certificate without its key.
      PrivateFiles.write(caKeyFile, Pem.encode(caKey).getBytes(StandardCharsets.US_ASCII));
      PrivateFiles.write(caCert, Pem.encode(ca).getBytes(StandardCharsets.US_ASCII));
      log.info("Created cluster CA {} in {} ({})", ca.getSubjectX500Principal().getName(), dataDir,
          NodeToken.caCertHash(ca));
    }

    Path servingCert = dataDir.resolve(SERVING_CERT);
    Path servingKeyFile = dataDir.resolve(SERVING_KEY);
    if (Files.exists(servingCert) && Files.exists(servingKeyFile)) {
      X509Certificate serving = Pem.certificate(read(servingCert), servingCert);
      PrivateKey key = Pem.privateKey(read(servingKeyFile), Certificates.KEY_ALGORITHM, servingKeyFile);
      String stale = staleness(serving, key, ca, names, now);
      if (stale.isEmpty()) {
        return new ClusterPki(ca, caKey, clock, serving, key);
      }
      log.info("Issuing a new serving certificate in {}: {}", dataDir, stale);
    }
    KeyPair key = Certificates.newKeyPair();
    X509Certificate serving = Certificates.serving(
        ca, caKey, key.getPublic(), "kctl-apiserver", names, now, SERVING_VALIDITY);
    PrivateFiles.write(servingKeyFile, Pem.encode(key.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.write(servingCert, Pem.encode(serving).getBytes(StandardCharsets.US_ASCII));
    log.info("Issued serving certificate for {} valid until {}",
        names.stream().map(Certificates.AltName::value).toList(), serving.getNotAfter().toInstant());
    return new ClusterPki(ca, caKey, clock, serving, key.getPrivate());
  }

  /**
   * A PKCS#12 key store (in memory) with one key entry, the serving key, whose chain is
   * [serving certificate, CA certificate]: the server sends both, so a client that knows only the
   * CA's hash (a joining node) can find and check the CA in the handshake. A new store each call.
   */
  public KeyStore servingKeyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(KEY_ALIAS, servingKey, password, new Certificate[] {serving, ca});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the serving key store", e);
    }
  }

  /** The password of {@link #servingKeyStore()} and of its key entry; random per instance. */
  public char[] keyStorePassword() {
    return password.clone();
  }

  /**
   * Issues a node's serving certificate (PEM, valid one year, server authentication only) for the
   * key in {@code csrPem}, naming the node {@code system:node:<nodeName>} and valid for exactly the
   * given IP addresses: kctld reaches kletd by the node's InternalIP and checks it against these.
   *
   * @throws IllegalArgumentException if the request is not a PKCS#10 PEM signed by its own key, or
   *     an address is not an IP literal; the message says which
   */
  public String issueNodeServing(String nodeName, String csrPem, List<String> addresses) {
    PublicKey key = CertificateRequests.verifiedKey(csrPem);
    Set<Certificates.AltName> names = new LinkedHashSet<>();
    for (String address : addresses) {
      Certificates.AltName name = Certificates.AltName.parse(address);
      if (!name.isIp()) {
        throw new IllegalArgumentException("node address \"" + address + "\" is not an IP address");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one IP address for its serving certificate");
    }
    X509Certificate issued = Certificates.serving(ca, caKey, key,
        "system:node:" + nodeName, names, clock.instant(), SERVING_VALIDITY);
    return Pem.encode(issued);
  }

  /**
   * A TLS context trusting only the cluster CA, for kctld's connections to node endpoints. It has
   * no key: kctld authenticates to nodes with a bearer token ({@link ClusterTokens#kctldTokenFor}).
   */
  public SSLContext trustingCa() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("kctl-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust in the cluster CA", e);
    }
  }

  /** The CA certificate as PEM, as it goes into kubeconfigs. */
  public String caCertificatePem() {
    return Pem.encode(ca);
  }

  /** {@code sha256:<hex>} of the CA's SubjectPublicKeyInfo, as kubeadm and node tokens use it. */
  public String caCertHash() {
    return NodeToken.caCertHash(ca);
  }

  X509Certificate caCertificate() {
    return ca;
  }

  X509Certificate servingCertificate() {
    return serving;
  }

  /** Why the serving certificate must be issued again, or empty when it is still good. */
  private static String staleness(X509Certificate serving, PrivateKey key, X509Certificate ca,
      Set<Certificates.AltName> names, Instant now) {
    if (!Certificates.signedBy(serving, ca)) {
      return "the old one is not signed by the current CA";
    }
    if (!Certificates.matches(serving, key)) {
      return "the old one does not match " + SERVING_KEY;
    }
    if (serving.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return "the old one expires at " + serving.getNotAfter().toInstant();
    }
    Set<Certificates.AltName> missing = new LinkedHashSet<>(names);
    missing.removeAll(Certificates.altNames(serving));
    if (!missing.isEmpty()) {
      return "the old one does not name " + missing.stream().map(Certificates.AltName::value).toList();
    }
    return "";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    char[] chars = new char[24];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return chars;
  }
}
