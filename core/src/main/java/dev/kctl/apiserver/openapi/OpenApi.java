package dev.kctl.apiserver.openapi;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.discovery.Discovery;
import dev.kctl.codec.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 documents of the served API: {@code GET /openapi/v3} lists one document per group
 * version, and {@code GET /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1} return them.
 *
 * <p>The documents depend only on {@link ResourceTypes} and the schema data behind
 * {@link SchemaIndex}, so they are built once, on first use, and
 * each has a fixed hash (hex SHA-256 of its JSON bytes). The root names every document by a URL
 * carrying that hash; a response to such a URL may be cached for as long as the client likes, as
 * kube-apiserver allows. Methods return copies, so callers may change them.
 */
public final class OpenApi {
  private OpenApi() {}

  /** {@code GET /openapi/v3}: {@code {"paths": {"api/v1": {"serverRelativeURL": ...}, ...}}}. */
  public static ObjectNode root() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    Documents.ALL.forEach((path, doc) ->
        paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + doc.hash()));
    return root;
  }

  /**
   * {@code GET /openapi/v3/{groupVersionPath}}: the document of {@code api/v1} or
   * {@code apis/apps/v1} (a leading slash is ignored); empty when that group version is not served.
   */
  public static Optional<ObjectNode> document(String groupVersionPath) {
    return Optional.ofNullable(Documents.ALL.get(strip(groupVersionPath))).map(doc -> doc.tree().deepCopy());
  }

  /** The hash of a document, as in its URL; for an {@code ETag} header. */
  public static Optional<String> hash(String groupVersionPath) {
    return Optional.ofNullable(Documents.ALL.get(strip(groupVersionPath))).map(Document::hash);
  }

  private static String strip(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private record Document(ObjectNode tree, String hash) {}

  /** Built on first use (class initialization is lazy and thread-safe); sorted by path. */
  private static final class Documents {
    static final Map<String, Document> ALL = build();

    private static Map<String, Document> build() {
      Map<String, List<ResourceType>> byGroupVersion = new TreeMap<>();
      for (ResourceType type : ResourceTypes.all()) {
        byGroupVersion.computeIfAbsent(type.groupVersionPath().substring(1), k -> new ArrayList<>())
            .add(type);
      }
      Map<String, Document> docs = new TreeMap<>();
      byGroupVersion.forEach((path, types) -> {
        ObjectNode tree = document(types);
        docs.put(path, new Document(tree, sha256(Json.bytes(tree))));
      });
      return Collections.unmodifiableMap(docs);
    }

    private static ObjectNode document(List<ResourceType> types) {
      ObjectNode doc = Json.object();
      doc.put("openapi", "3.0.0");
      ObjectNode info = doc.putObject("info");
      info.put("title", "Kubernetes");
      info.put("version", Discovery.GIT_VERSION);
      doc.set("paths", Paths.forTypes(types));
      ObjectNode components = doc.putObject("components");
      components.set("schemas", Schemas.forTypes(types));
      ObjectNode bearer = components.putObject("securitySchemes").putObject("BearerToken");
      bearer.put("type", "apiKey");
      bearer.put("description", "A bearer token in the authorization header: \"Bearer TOKEN\".");
      bearer.put("name", "authorization");
      bearer.put("in", "header");
      doc.putArray("security").addObject().putArray("BearerToken");
      return doc;
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK provides SHA-256", e);
      }
    }
  }
}
