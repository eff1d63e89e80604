package dev.kctl.apiserver.discovery;

import dev.kctl.api.MetricsTypes;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents of the Kubernetes API, built from {@link ResourceTypes}, {@link MetricsTypes} and
 * {@link Subresources}: {@code /version}, {@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/GROUP/VERSION}, and the aggregated form of {@code /api} and {@code /apis}
 * ({@code apidiscovery.k8s.io/v2}) that kubectl asks for first.
 *
 * <p>Every method returns a new tree, so callers may change it. The JSON shapes are those of
 * kube-apiserver; the server claims Kubernetes {@value #MAJOR}.{@value #MINOR}, the version whose
 * kubectl this cluster is tested with, so kubectl's version-skew check stays quiet.
 */
public final class Discovery {
  /** The media type of the aggregated discovery documents, for the {@code Content-Type} header. */
  public static final String AGGREGATED_CONTENT_TYPE =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  public static final String MAJOR = "1";
  public static final String MINOR = "32";
  public static final String GIT_VERSION = "v1.32.0-kctl";

  private static final String PLATFORM = platform();
  private static final List<ResourceType> SERVED =
      Stream.concat(ResourceTypes.all().stream(), MetricsTypes.all().stream()).toList();

  private Discovery() {}

  /** {@code GET /version}: a {@code version.Info}. */
  public static ObjectNode version() {
    ObjectNode info = Json.object();
    info.put("major", MAJOR);
    info.put("minor", MINOR);
    info.put("gitVersion", GIT_VERSION);
    // kctl is not built from a Kubernetes git tree; these fields keep their documented shape.
    info.put("gitCommit", "");
    info.put("gitTreeState", "");
    info.put("buildDate", "1970-01-01T00:00:00Z");
    info.put("goVersion", "java" + Runtime.version().feature());
    info.put("compiler", "javac");
    info.put("platform", PLATFORM);
    return info;
  }

  /** {@code GET /api}: the {@code APIVersions} of the core group. */
  public static ObjectNode coreVersions() {
    ObjectNode doc = Json.object();
    doc.put("kind", "APIVersions");
    ArrayNode versions = doc.putArray("versions");
    versionsOf("").forEach(versions::add);
    return doc;
  }

  /** {@code GET /apis}: the {@code APIGroupList} of every named group. */
  public static ObjectNode groups() {
    ObjectNode doc = Json.object();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    for (String group : namedGroups()) {
      ObjectNode entry = groups.addObject();
      entry.put("name", group);
      ArrayNode versions = entry.putArray("versions");
      for (String version : versionsOf(group)) {
        versions.add(groupVersion(group, version));
      }
      // The first version listed is the preferred one, as in the aggregated document.
      entry.set("preferredVersion", groupVersion(group, versionsOf(group).getFirst()));
    }
    return doc;
  }

  /**
   * {@code GET /api/v1} or {@code GET /apis/GROUP/VERSION}: the {@code APIResourceList} of that
   * group version, subresources included as {@code pods/status}; empty when nothing is served
   * there. {@code group} is empty for the core group.
   */
  public static Optional<ObjectNode> resources(String group, String version) {
    List<ResourceType> types = typesIn(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.object();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject();
      resource.put("name", type.resource());
      resource.put("singularName", type.singular());
      resource.put("namespaced", type.namespaced());
      resource.put("kind", type.kind());
      strings(resource.putArray("verbs"), verbs(type));
      if (!type.shortNames().isEmpty()) {
        strings(resource.putArray("shortNames"), type.shortNames());
      }
      if (!type.categories().isEmpty()) {
        strings(resource.putArray("categories"), type.categories());
      }
      resource.put("storageVersionHash", storageVersionHash(type));
      for (Subresource sub : Subresources.of(type)) {
        ObjectNode entry = resources.addObject();
        entry.put("name", type.resource() + "/" + sub.name());
        entry.put("singularName", "");
        entry.put("namespaced", type.namespaced());
        if (!sub.group().equals(type.group()) || !sub.version().equals(type.version())) {
          entry.put("group", sub.group());
          entry.put("version", sub.version());
        }
        entry.put("kind", sub.kind());
        strings(entry.putArray("verbs"), sub.verbs());
      }
    }
    return Optional.of(doc);
  }

  /** {@code GET /api} in aggregated form: one {@code APIGroupDiscovery} for the core group. */
  public static ObjectNode aggregatedCore() {
    ObjectNode doc = discoveryList();
    doc.withArray("items").add(groupDiscovery(""));
    return doc;
  }

  /** {@code GET /apis} in aggregated form: one {@code APIGroupDiscovery} per named group. */
  public static ObjectNode aggregatedGroups() {
    ObjectNode doc = discoveryList();
    ArrayNode items = doc.withArray("items");
    namedGroups().forEach(group -> items.add(groupDiscovery(group)));
    return doc;
  }

  /**
   * Whether a request with this {@code Accept} header wants the aggregated form, that is, names
   * {@link #AGGREGATED_CONTENT_TYPE} (parameters in any order, not excluded by {@code q=0}). Only
   * {@code v2} is served; a client that accepts only {@code v2beta1} gets the plain documents.
   */
  public static boolean wantsAggregated(String acceptHeader) {
    if (acceptHeader == null) {
      return false;
    }
    return Arrays.stream(acceptHeader.split(",")).anyMatch(Discovery::isAggregatedV2);
  }

  private static boolean isAggregatedV2(String mediaRange) {
    String[] parts = mediaRange.split(";");
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      return false;
    }
    boolean group = false;
    boolean version = false;
    boolean as = false;
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param.length != 2) {
        continue;
      }
      String value = param[1].strip();
      switch (param[0].strip().toLowerCase(Locale.ROOT)) {
        case "g" -> group = value.equals("apidiscovery.k8s.io");
        case "v" -> version = value.equals("v2");
        case "as" -> as = value.equals("APIGroupDiscoveryList");
        case "q" -> {
          if (isZero(value)) {
            return false;
          }
        }
        default -> {
          // Other parameters (charset, profile) do not change what the client accepts here.
        }
      }
    }
    return group && version && as;
  }

  private static boolean isZero(String q) {
    try {
      return Double.parseDouble(q) == 0.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static ObjectNode discoveryList() {
    ObjectNode doc = Json.object();
    doc.put("kind", "APIGroupDiscoveryList");
    doc.put("apiVersion", "apidiscovery.k8s.io/v2");
    doc.putObject("metadata");
    doc.putArray("items");
    return doc;
  }

  private static ObjectNode groupDiscovery(String group) {
    ObjectNode item = Json.object();
    ObjectNode metadata = item.putObject("metadata");
    if (!group.isEmpty()) {
      metadata.put("name", group);
    }
    ArrayNode versions = item.putArray("versions");
    for (String version : versionsOf(group)) {
      ObjectNode entry = versions.addObject();
      entry.put("version", version);
      ArrayNode resources = entry.putArray("resources");
      typesIn(group, version).forEach(type -> resources.add(resourceDiscovery(type)));
      entry.put("freshness", "Current");
    }
    return item;
  }

  private static ObjectNode resourceDiscovery(ResourceType type) {
    ObjectNode resource = Json.object();
    resource.put("resource", type.resource());
    resource.set("responseKind", gvk(type.group(), type.version(), type.kind()));
    resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    resource.put("singularResource", type.singular());
    strings(resource.putArray("verbs"), verbs(type));
    if (!type.shortNames().isEmpty()) {
      strings(resource.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(resource.putArray("categories"), type.categories());
    }
    List<Subresource> subresources = Subresources.of(type);
    if (!subresources.isEmpty()) {
      ArrayNode subs = resource.putArray("subresources");
      for (Subresource sub : subresources) {
        ObjectNode entry = subs.addObject();
        entry.put("subresource", sub.name());
        // client-go drops a subresource whose responseKind is missing, so every entry has one.
        entry.set("responseKind", gvk(sub.group(), sub.version(), sub.kind()));
        strings(entry.putArray("verbs"), sub.verbs());
      }
    }
    return resource;
  }

  private static ObjectNode gvk(String group, String version, String kind) {
    ObjectNode gvk = Json.object();
    gvk.put("group", group);
    gvk.put("version", version);
    gvk.put("kind", kind);
    return gvk;
  }

  private static ObjectNode groupVersion(String group, String version) {
    ObjectNode entry = Json.object();
    entry.put("groupVersion", group + "/" + version);
    entry.put("version", version);
    return entry;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /**
   * Every type discovery lists: the stored kinds, then the metrics API's, which kctld computes
   * (see {@link MetricsTypes}) and which support only get and list.
   */
  private static List<ResourceType> served() {
    return SERVED;
  }

  private static List<String> verbs(ResourceType type) {
    return MetricsTypes.all().contains(type) ? MetricsTypes.VERBS : Subresources.RESOURCE_VERBS;
  }

  /** Named groups in the order {@link #served()} first mentions them. */
  private static SequencedSet<String> namedGroups() {
    SequencedSet<String> groups = new LinkedHashSet<>();
    for (ResourceType type : served()) {
      if (!type.group().isEmpty()) {
        groups.add(type.group());
      }
    }
    return groups;
  }

  /** Versions of {@code group}, preferred first: in the order {@link #served()} lists them. */
  private static List<String> versionsOf(String group) {
    SequencedSet<String> versions = new LinkedHashSet<>();
    for (ResourceType type : served()) {
      if (type.group().equals(group)) {
        versions.add(type.version());
      }
    }
    return List.copyOf(versions);
  }

  /** The types of one group version, sorted by resource name as kube-apiserver lists them. */
  private static List<ResourceType> typesIn(String group, String version) {
    return served().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .sorted(Comparator.comparing(ResourceType::resource))
        .toList();
  }

  /**
   * An opaque token that changes when the stored form of a kind changes; clients only compare
   * it. Computed as kube-apiserver does: the first 8 bytes of SHA-256 over group/version/kind.
   */
  private static String storageVersionHash(ResourceType type) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (type.group() + "/" + type.version() + "/" + type.kind()).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /** {@code linux/amd64}: Go's names for the operating system and architecture. */
  private static String platform() {
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
    String goOs = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os.split(" ")[0];
    String arch = System.getProperty("os.arch", "unknown");
    String goArch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return goOs + "/" + goArch;
  }
}
