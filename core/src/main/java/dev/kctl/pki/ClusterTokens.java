package dev.kctl.pki;

import dev.kctl.client.NodeToken;
import dev.kctl.client.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's bearer tokens, kept in the server's data directory (mode 0600): {@code admin-token}
 * (full access; it goes into admin.kubeconfig) and {@code node-token} (what kletd joins with; its
 * single line is {@code K10<CA hash>::node:<secret>}, see {@link NodeToken}). Secrets are 32 random
 * bytes in hex, created at first start and kept across restarts.
 *
 * <p>{@link #authenticate} compares in constant time, so response timing reveals nothing about
 * how much of a guess was right.
 */
public final class ClusterTokens {
  private static final Logger log = LoggerFactory.getLogger(ClusterTokens.class);

  static final String ADMIN_TOKEN = "admin-token";
  static final String NODE_TOKEN = "node-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who a bearer token belongs to. */
  public enum Identity {
    /** The cluster administrator: may do anything. */
    ADMIN,
    /** A node agent: may change only its own Node, Lease and the status of its pods. */
    NODE,
    /** No token, or one this cluster did not issue. */
    NONE
  }

  private final String adminToken;
  private final NodeToken nodeToken;
  private final byte[] adminDigest;
  private final byte[] nodeDigest;

  private ClusterTokens(String adminToken, NodeToken nodeToken) {
    this.adminToken = adminToken;
    this.nodeToken = nodeToken;
    this.adminDigest = sha256(adminToken);
    this.nodeDigest = sha256(nodeToken.token());
  }

  /**
   * Loads the tokens from {@code dataDir}, creating what is missing. When the node token names
   * another CA hash than {@code caCertHash} (the CA was created again), it is rewritten with the
   * new hash and the same secret.
   */
  public static ClusterTokens loadOrCreate(Path dataDir, String caCertHash) {
    PrivateFiles.createDirectories(dataDir);
    Path adminFile = dataDir.resolve(ADMIN_TOKEN);
    String admin = readLine(adminFile);
    if (admin.isEmpty()) {
      admin = newSecret();
      PrivateFiles.write(adminFile, (admin + "\n").getBytes(StandardCharsets.US_ASCII));
      log.info("Created the admin token in {}", adminFile);
    }

    Path nodeFile = dataDir.resolve(NODE_TOKEN);
    String line = readLine(nodeFile);
    NodeToken node = line.isEmpty() ? null : parse(line, nodeFile);
    if (node == null || !node.caCertHash().equals(caCertHash)) {
      String secret = node == null ? newSecret() : node.token().substring(node.token().lastIndexOf(':') + 1);
      node = NodeToken.create(caCertHash, secret);
      PrivateFiles.write(nodeFile, (node.token() + "\n").getBytes(StandardCharsets.US_ASCII));
      log.info("Wrote the node join token to {}", nodeFile);
    }
    return new ClusterTokens(admin, node);
  }

  public String adminToken() {
    return adminToken;
  }

  /** The whole node token line, which is also what nodes send as their bearer token. */
  public String nodeToken() {
    return nodeToken.token();
  }

  /**
   * The bearer token kctld presents to a node endpoint (logs, exec, port-forward, stats) that
   * serves with the key of hash {@code servingKeyHash}. It is an HMAC of that hash keyed with the
   * admin secret: kctld stores no secret per node, and a node learns only the token for its own
   * key (it proved holding it when it joined), so it cannot pose as kctld to another node.
   *
   * <p>Why a token rather than a client certificate for kctld: kletd's handlers already check a
   * bearer token, and kctld checks the node's certificate (CA and IP) before it sends the token, so
   * the token never reaches a node it was not made for.
   */
  public String kctldTokenFor(String servingKeyHash) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(adminToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "kctld:" + HexFormat.of().formatHex(
          mac.doFinal(("kctld-to-node:" + servingKeyHash).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  /** Whose token {@code bearer} is (the value after {@code Bearer }); null or empty is NONE. */
  public Identity authenticate(String bearer) {
    if (bearer == null || bearer.isEmpty()) {
      return Identity.NONE;
    }
    // Comparing digests keeps the time independent of where a guess differs, and of its length.
    byte[] digest = sha256(bearer);
    boolean admin = MessageDigest.isEqual(digest, adminDigest);
    boolean node = MessageDigest.isEqual(digest, nodeDigest);
    return admin ? Identity.ADMIN : node ? Identity.NODE : Identity.NONE;
  }

  @Override
  public String toString() {
    return "ClusterTokens[" + nodeToken.caCertHash() + ", secrets hidden]";
  }

  private static NodeToken parse(String line, Path file) {
    try {
      return NodeToken.parse(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + ": " + e.getMessage()
          + "; remove the file to have a new node token created (nodes must then join again)", e);
    }
  }

  private static String readLine(Path file) {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  private static String newSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
