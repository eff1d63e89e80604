package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.Authorizer.Identity;
import dev.kctl.client.NodeJoin;
import dev.kctl.codec.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-node credentials, handed out when a node joins (a simplified kubelet TLS bootstrap). A kletd
 * holding the join token sends {@code POST /apis/kctl.dev/v1/nodecredentials} with
 * {@code {"nodeName", "addresses": [IP...], "csr": PKCS#10 PEM}} and gets back
 * {@code {"nodeName", "token", "certificate", "caCertificate", "kctldToken"}}: a bearer token that
 * authenticates as that node only, a serving certificate for its addresses signed by the cluster CA,
 * and the token kctld will present to the node's endpoint.
 *
 * <p>Only a hash of each node token is kept, in the Secret {@code kube-system/kctl-node-<name>}
 * (with the hash of the node's serving key, from which kctld derives its token for the node); a
 * name that already has one is refused with 409 (the old node must be removed first), so one node
 * cannot take over another's identity with the join token. The path is not in discovery: it is
 * part of joining, not an API resource.
 */
public final class NodeCredentials {
  static final String PATH = NodeJoin.PATH;
  static final String NAMESPACE = "kube-system";
  static final String SECRET_PREFIX = "kctl-node-";
  private static final String TOKEN_PREFIX = "node:";
  private static final String HASH_KEY = "tokenHash";
  private static final String SERVING_KEY_HASH = "servingKeyHash";
  private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,240}[a-z0-9])?");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Signs a node's serving certificate; see {@code ClusterPki.issueNodeServing}. */
  @FunctionalInterface
  interface Signer {
    /** The certificate PEM; throws IllegalArgumentException for a bad request or address. */
    String issue(String nodeName, String csrPem, List<String> addresses);
  }

  private final ApiService api;
  private final Signer signer;
  private final String caCertificatePem;
  private final KctldTokens kctldTokens;

  /** The token kctld presents to the endpoint serving with a key of the given hash (see {@code ClusterTokens}). */
  @FunctionalInterface
  interface KctldTokens {
    String forServingKey(String servingKeyHash);
  }

  NodeCredentials(ApiService api, Signer signer, String caCertificatePem, KctldTokens kctldTokens) {
    this.api = api;
    this.signer = signer;
    this.caCertificatePem = caCertificatePem;
    this.kctldTokens = kctldTokens;
  }

  /** Issues credentials for the node a join request names; 409 when that node already has some. */
  ObjectNode issue(ObjectNode request) {
    String nodeName = request.path("nodeName").asString("");
    if (!NODE_NAME.matcher(nodeName).matches()) {
      throw ApiException.badRequest("nodeName \"" + nodeName + "\" must be a lower-case DNS subdomain"
          + " of at most 242 characters");
    }
    List<String> addresses = new ArrayList<>();
    for (JsonNode address : request.path("addresses")) {
      addresses.add(address.asString(""));
    }
    String certificate;
    try {
      certificate = signer.issue(nodeName, request.path("csr").asString(""), addresses);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cannot issue a certificate for node " + nodeName + ": " + e.getMessage());
    }
    String servingKeyHash = keyHash(certificate);
    String secret = HexFormat.of().formatHex(randomBytes());
    String token = TOKEN_PREFIX + nodeName + ":" + secret;
    ObjectNode stored = Json.object();
    stored.put("apiVersion", "v1");
    stored.put("kind", "Secret");
    stored.put("type", "kctl.dev/node-token");
    ObjectNode meta = stored.putObject("metadata");
    meta.put("name", SECRET_PREFIX + nodeName);
    meta.put("namespace", NAMESPACE);
    meta.putObject("labels").put("kctl.dev/node", nodeName);
    ObjectNode data = stored.putObject("data");
    data.put(HASH_KEY, base64(hash(token)));
    data.put(SERVING_KEY_HASH, base64(servingKeyHash));
    try {
      api.create(ResourceTypes.SECRETS, NAMESPACE, stored, WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.AlreadyExists) {
        throw e;
      }
      throw new ApiException(StatusReason.Conflict, ("node \"%s\" has already joined this cluster; to join a new"
          + " machine under that name, remove the old node first: kctl delete node %1$s && kctl -n %s delete"
          + " secret %s%1$s (or give this one another --node-name)").formatted(nodeName, NAMESPACE, SECRET_PREFIX));
    }
    ObjectNode response = Json.object();
    response.put("nodeName", nodeName);
    response.put("token", token);
    response.put("certificate", certificate);
    response.put("caCertificate", caCertificatePem);
    response.put("kctldToken", kctldTokens.forServingKey(servingKeyHash));
    return response;
  }

  /** The node a per-node token belongs to; empty when it is no current node token. */
  Optional<Identity> authenticate(String bearer) {
    if (!bearer.startsWith(TOKEN_PREFIX)) {
      return Optional.empty();
    }
    int colon = bearer.lastIndexOf(':');
    String nodeName = bearer.substring(TOKEN_PREFIX.length(), Math.max(colon, TOKEN_PREFIX.length()));
    if (!NODE_NAME.matcher(nodeName).matches()) {
      return Optional.empty();
    }
    String expected;
    try {
      String encoded = api.get(ResourceTypes.SECRETS, NAMESPACE, SECRET_PREFIX + nodeName)
          .path("data").path(HASH_KEY).asString("");
      expected = new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return Optional.empty();
      }
      throw e;
    } catch (IllegalArgumentException corrupt) {
      return Optional.empty();
    }
    // Comparing hashes keeps the time independent of where a guess differs.
    boolean same = MessageDigest.isEqual(hash(bearer).getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII));
    return same ? Optional.of(new Identity.Node(nodeName)) : Optional.empty();
  }

  /**
   * The hash of the key node {@code nodeName} serves its endpoint with, as recorded when it joined:
   * kctld's token for that endpoint is derived from it (simulated nodes of one kletd share a key,
   * and so an endpoint and a token).
   *
   * @throws ApiException 503 when the node joined without credentials of its own
   */
  public static String servingKeyHash(ApiService api, String nodeName) {
    String encoded;
    try {
      encoded = api.get(ResourceTypes.SECRETS, NAMESPACE, SECRET_PREFIX + nodeName)
          .path("data").path(SERVING_KEY_HASH).asString("");
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      encoded = "";
    }
    if (encoded.isEmpty()) {
      throw new ApiException(StatusReason.ServiceUnavailable, ("node %s has no credentials of its own, so kctld"
          + " cannot talk to its kletd securely; restart its kletd (it asks for credentials with the join"
          + " token on start)").formatted(nodeName));
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
  }

  private static String keyHash(String certificatePem) {
    try {
      Certificate certificate = CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificate just issued: " + e.getMessage(), e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
