package dev.kctl.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The token a node joins the cluster with, one line of the form
 * {@code K10<64 hex digits>::node:<secret>}. The hex digits are the SHA-256 of the cluster CA's
 * public key, so a node can check that it talks to the right server before it trusts it (the
 * same idea as k3s's secure tokens and kubeadm's {@code --discovery-token-ca-cert-hash}). The whole
 * line is also what the node sends as its bearer token.
 *
 * <p>{@link #toString()} never shows the secret.
 *
 * @param caCertHash the CA's hash as kubeadm writes it: {@code sha256:<64 lower-case hex digits>}
 * @param token the whole token line
 */
public record NodeToken(String caCertHash, String token) {
  private static final String PREFIX = "K10";
  private static final String HASH_PREFIX = "sha256:";
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

  /** Builds the token for a node joining the cluster whose CA has {@code caCertHash}. */
  public static NodeToken create(String caCertHash, String secret) {
    String hash = requireCaCertHash(caCertHash, "caCertHash");
    if (secret.isEmpty() || secret.chars().anyMatch(c -> c <= ' ' || c == ':')) {
      throw new IllegalArgumentException(
          "a node token secret must be non-empty, without spaces or ':'");
    }
    return new NodeToken(hash, PREFIX + hash.substring(HASH_PREFIX.length()) + "::node:" + secret);
  }

  /**
   * Parses one token line; surrounding whitespace is ignored. Error messages say what is wrong but
   * never repeat the secret.
   *
   * @throws IllegalArgumentException if the line is not a node token
   */
  public static NodeToken parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the node token is empty");
    }
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "a node token starts with K10 followed by the CA hash; this one does not");
    }
    int separator = text.indexOf("::");
    String hex = separator < 0 ? "" : text.substring(PREFIX.length(), separator);
    if (separator < 0) {
      throw new IllegalArgumentException(
          "a node token has the form K10<CA hash>::node:<secret>; this one has no '::'");
    }
    if (!HEX_64.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "the CA hash of a node token (between K10 and '::') must be 64 hex digits, found "
              + hex.length() + " characters");
    }
    String credentials = text.substring(separator + 2);
    int colon = credentials.indexOf(':');
    if (colon <= 0 || colon == credentials.length() - 1) {
      throw new IllegalArgumentException(
          "a node token ends with <user>:<secret> after '::'; this one does not");
    }
    return new NodeToken(HASH_PREFIX + hex.toLowerCase(Locale.ROOT), text);
  }

  /**
   * Reads the token from the first non-blank line of {@code file}, such as kctld's
   * {@code node-token}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no valid token; the message names the file
   */
  public static NodeToken read(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          "node token file " + file + " does not exist; copy it from the server's data directory"
              + " (node-token)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node token file " + file + ": " + e, e);
    }
    String line = content.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    try {
      return parse(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node token file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The kubeadm-style hash of a CA certificate: {@code sha256:} and the hex SHA-256 of its DER
   * SubjectPublicKeyInfo. It pins the CA's key, not the certificate, so a renewed CA certificate
   * with the same key keeps its hash.
   */
  public static String caCertHash(X509Certificate ca) {
    try {
      // getEncoded() of an X.509 certificate's public key is its DER SubjectPublicKeyInfo.
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
      return HASH_PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** Normalises a {@code sha256:HEX} hash given by a user or a file; {@code what} names it. */
  static String requireCaCertHash(String hash, String what) {
    String text = hash.strip();
    if (!text.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())
        || !HEX_64.matcher(text.substring(HASH_PREFIX.length())).matches()) {
      throw new IllegalArgumentException(
          what + " must look like sha256:<64 hex digits>, got \"" + text + "\"");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "NodeToken[caCertHash=" + caCertHash + ", token=(hidden)]";
  }
}
