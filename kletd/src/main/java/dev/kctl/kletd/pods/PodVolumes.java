package dev.kctl.kletd.pods;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The volumes of one pod, materialised under {@code <pod folder>/volumes/<name>}: emptyDir (a folder
 * that lives as long as the pod), configMap and secret (their keys as files, secrets decoded),
 * downwardAPI (pod fields as files), projected (the files of its configMap, secret and downwardAPI
 * sources in one folder) and hostPath (the node's folder itself). All but emptyDir and hostPath are
 * written with {@link AtomicWriter} and rewritten when their source changes ({@link #refresh}).
 * Other volume types, and projected serviceAccountToken sources, are named in {@link #unsupported()}
 * and left out. Used by one pod worker at a time.
 */
final class PodVolumes {
  private static final int DEFAULT_MODE = 0644;

  /** A volume that cannot be set up; the message is the kubelet's FailedMount message. */
  static final class MountException extends Exception {
    MountException(String message) {
      super(message);
    }
  }

  private final Path root;
  private final PodSettings settings;
  private final PodApi api;
  private final InstantSource clock;
  private final Map<String, Path> folders = new LinkedHashMap<>();
  private final List<String> unsupported = new ArrayList<>();

  PodVolumes(Path podDir, PodSettings settings, PodApi api, InstantSource clock) {
    this.root = podDir.resolve("volumes");
    this.settings = settings;
    this.api = api;
    this.clock = clock;
  }

  /** Materialises every volume of the pod; returns each volume's folder on the node, by name. */
  Map<String, Path> setUp(PodView pod) throws MountException {
    unsupported.clear();
    Map<String, Path> made = new LinkedHashMap<>();
    for (JsonNode volume : pod.spec().path("volumes")) {
      String name = volume.path("name").asString("");
      Optional<Path> folder = setUp(pod, name, volume);
      folder.ifPresent(f -> made.put(name, f));
    }
    folders.clear();
    folders.putAll(made);
    return Map.copyOf(made);
  }

  /**
   * Rewrites the projected volumes (configMap, secret, downwardAPI) whose content changed; a volume
   * whose source is now missing keeps its last files, as in Kubernetes.
   *
   * @return the names of the volumes rewritten
   */
  List<String> refresh(PodView pod) throws MountException {
    List<String> changed = new ArrayList<>();
    for (JsonNode volume : pod.spec().path("volumes")) {
      String name = volume.path("name").asString("");
      if (!folders.containsKey(name)) {
        continue;
      }
      // Notes on unsupported sources were taken at set-up; a refresh does not repeat them.
      Optional<Map<String, AtomicWriter.File>> files = projected(pod, name, volume, new ArrayList<>());
      if (files.isPresent() && write(name, files.get())) {
        changed.add(name);
      }
    }
    return changed;
  }

  /** Whether a volume of the pod shows the ConfigMap or Secret {@code name}, itself or as a projected source. */
  static boolean uses(PodView pod, ResourceType type, String name) {
    for (JsonNode volume : pod.spec().path("volumes")) {
      if (type.equals(ResourceTypes.CONFIGMAPS) && volume.path("configMap").path("name").asString("").equals(name)) {
        return true;
      }
      if (type.equals(ResourceTypes.SECRETS) && volume.path("secret").path("secretName").asString("").equals(name)) {
        return true;
      }
      String field = type.equals(ResourceTypes.CONFIGMAPS) ? "configMap" : "secret";
      for (JsonNode source : volume.path("projected").path("sources")) {
        if (source.path(field).path("name").asString("").equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One sentence per volume of a type kletd does not support. */
  List<String> unsupported() {
    return List.copyOf(unsupported);
  }

  private Optional<Path> setUp(PodView pod, String name, JsonNode volume) throws MountException {
    Path folder = root.resolve(name);
    try {
      if (volume.has("emptyDir")) {
        Files.createDirectories(folder);
        return Optional.of(folder);
      }
      if (volume.has("hostPath")) {
        Path path = Path.of(volume.path("hostPath").path("path").asString("/"));
        String type = volume.path("hostPath").path("type").asString("");
        if (type.equals("DirectoryOrCreate")) {
          Files.createDirectories(path);
        } else if (type.equals("Directory") && !Files.isDirectory(path)) {
          throw new MountException("hostPath type check failed: " + path + " is not a directory");
        }
        return Optional.of(path);
      }
    } catch (IOException e) {
      throw new MountException("cannot create " + folder + ": " + e.getMessage());
    }
    Optional<Map<String, AtomicWriter.File>> files = projected(pod, name, volume, unsupported);
    if (files.isEmpty()) {
      String type = volume.propertyNames().stream().filter(n -> !n.equals("name")).findFirst().orElse("(none)");
      unsupported.add("volume \"" + name + "\" of pod " + pod.key() + " is of type " + type
          + ", which kletd does not support; containers that mount it see an empty folder");
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new MountException("cannot create " + folder + ": " + e.getMessage());
      }
      return Optional.of(folder);
    }
    write(name, files.get());
    return Optional.of(folder);
  }

  private boolean write(String name, Map<String, AtomicWriter.File> files) throws MountException {
    try {
      return AtomicWriter.write(root.resolve(name), files, clock.instant());
    } catch (IOException e) {
      throw new MountException("MountVolume.SetUp failed for volume \"" + name + "\" : cannot write "
          + root.resolve(name) + ": " + e.getMessage());
    }
  }

  /**
   * The files of a configMap, secret, downwardAPI or projected volume; empty for other types.
   *
   * @param notes where a sentence goes for each projected source left out
   */
  private Optional<Map<String, AtomicWriter.File>> projected(PodView pod, String name, JsonNode volume,
      List<String> notes) throws MountException {
    if (volume.has("configMap")) {
      JsonNode source = volume.path("configMap");
      return Optional.of(keys(pod, name, ResourceTypes.CONFIGMAPS, source.path("name").asString(""), source,
          source.path("defaultMode").asInt(DEFAULT_MODE)));
    }
    if (volume.has("secret")) {
      JsonNode source = volume.path("secret");
      return Optional.of(keys(pod, name, ResourceTypes.SECRETS, source.path("secretName").asString(""), source,
          source.path("defaultMode").asInt(DEFAULT_MODE)));
    }
    if (volume.has("downwardAPI")) {
      JsonNode source = volume.path("downwardAPI");
      return Optional.of(downward(pod, name, source, source.path("defaultMode").asInt(DEFAULT_MODE)));
    }
    if (volume.has("projected")) {
      return Optional.of(sources(pod, name, volume.path("projected"), notes));
    }
    return Optional.empty();
  }

  /** A projected volume's files: those of each source, in order, with the volume's defaultMode. */
  private Map<String, AtomicWriter.File> sources(PodView pod, String volume, JsonNode projected, List<String> notes)
      throws MountException {
    int defaultMode = projected.path("defaultMode").asInt(DEFAULT_MODE);
    Map<String, AtomicWriter.File> files = new TreeMap<>();
    for (JsonNode source : projected.path("sources")) {
      if (source.has("configMap")) {
        JsonNode cm = source.path("configMap");
        files.putAll(keys(pod, volume, ResourceTypes.CONFIGMAPS, cm.path("name").asString(""), cm, defaultMode));
      } else if (source.has("secret")) {
        JsonNode secret = source.path("secret");
        files.putAll(keys(pod, volume, ResourceTypes.SECRETS, secret.path("name").asString(""), secret,
            defaultMode));
      } else if (source.has("downwardAPI")) {
        files.putAll(downward(pod, volume, source.path("downwardAPI"), defaultMode));
      } else {
        String type = source.propertyNames().stream().findFirst().orElse("(none)");
        String path = source.path(type).path("path").asString("");
        notes.add("projected volume \"" + volume + "\" of pod " + pod.key() + " has a " + type + " source"
            + (path.isEmpty() ? "" : " (path " + path + ")") + ", which kletd does not provide; it is left out"
            + " of the volume");
      }
    }
    return files;
  }

  private Map<String, AtomicWriter.File> keys(PodView pod, String volume, ResourceType type, String object,
      JsonNode source, int defaultMode) throws MountException {
    boolean secret = type.equals(ResourceTypes.SECRETS);
    String kind = secret ? "secret" : "configmap";
    Optional<ObjectNode> found;
    try {
      found = api.get(type, pod.meta().namespace(), object);
    } catch (RuntimeException e) {
      throw failed(volume, "couldn't get " + kind + " " + pod.meta().namespace() + "/" + object + ": "
          + e.getMessage());
    }
    boolean optional = source.path("optional").asBoolean(false);
    if (found.isEmpty()) {
      if (optional) {
        return Map.of();
      }
      throw failed(volume, kind + " \"" + object + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : found.get().path("data").properties()) {
      String value = e.getValue().asString("");
      data.put(e.getKey(), secret ? Base64.getDecoder().decode(value) : value.getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, JsonNode> e : found.get().path("binaryData").properties()) {
      data.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asString("")));
    }
    Map<String, AtomicWriter.File> files = new TreeMap<>();
    if (!source.has("items")) {
      data.forEach((key, bytes) -> files.put(key, new AtomicWriter.File(bytes, defaultMode)));
      return files;
    }
    for (JsonNode item : source.path("items")) {
      String key = item.path("key").asString("");
      byte[] bytes = data.get(key);
      if (bytes == null) {
        if (optional) {
          continue;
        }
        throw failed(volume, (secret ? "references non-existent secret key: " : "configmap references non-existent"
            + " config key: ") + key);
      }
      files.put(item.path("path").asString(key), new AtomicWriter.File(bytes, item.path("mode").asInt(defaultMode)));
    }
    return files;
  }

  private Map<String, AtomicWriter.File> downward(PodView pod, String volume, JsonNode source, int defaultMode)
      throws MountException {
    Map<String, AtomicWriter.File> files = new TreeMap<>();
    for (JsonNode item : source.path("items")) {
      String value;
      if (item.has("fieldRef")) {
        String path = item.path("fieldRef").path("fieldPath").asString("");
        value = switch (path) {
          case "metadata.labels" -> mapFile(pod.meta().labels());
          case "metadata.annotations" -> mapFile(pod.meta().annotations());
          default -> ContainerEnv.field(pod, path, settings);
        };
        if (value == null) {
          throw failed(volume, "unsupported fieldPath: " + path);
        }
      } else if (item.has("resourceFieldRef")) {
        JsonNode ref = item.path("resourceFieldRef");
        String container = ref.path("containerName").asString("");
        PodView.ContainerView of = pod.allContainers().stream().filter(c -> c.name().equals(container)).findFirst()
            .orElseThrow(() -> failed(volume, "container \"" + container + "\" of resourceFieldRef not found"));
        try {
          value = ContainerEnv.resource(of, ref.path("resource").asString(""), ref.path("divisor").asString(""),
              settings);
        } catch (ContainerEnv.ConfigException e) {
          throw failed(volume, e.getMessage());
        }
      } else {
        continue;
      }
      files.put(item.path("path").asString(""),
          new AtomicWriter.File(value.getBytes(StandardCharsets.UTF_8), item.path("mode").asInt(defaultMode)));
    }
    return files;
  }

  /** Labels or annotations as the downward API writes them: {@code key="value"} lines, sorted by key. */
  static String mapFile(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(e.getKey()).append('=').append(goQuote(e.getValue()));
    }
    return out.toString();
  }

  private static String goQuote(String value) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> q.append(c);
      }
    }
    return q.append('"').toString();
  }

  private static MountException failed(String volume, String message) {
    return new MountException("MountVolume.SetUp failed for volume \"" + volume + "\" : " + message);
  }
}
