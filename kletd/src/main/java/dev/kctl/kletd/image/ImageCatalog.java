package dev.kctl.kletd.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The node's image catalog: a folder with one sub-folder per image, each holding an
 * {@code image.yaml}. References resolve as follows:
 *
 * <ul>
 *   <li>{@code tomcat}, {@code tomcat:latest}: the folder {@code <catalog>/tomcat};
 *   <li>{@code tomcat:11}: the same folder, if its image.yaml lists {@code 11} under {@code tags};
 *   <li>{@code /abs/folder}: that folder's image.yaml; {@code /abs/program}: that executable, run in
 *       its own folder with no default arguments.
 * </ul>
 *
 * The catalog is read at every resolution, so images added while kletd runs are found.
 */
public final class ImageCatalog implements ImageResolver {
  static final String MANIFEST = "image.yaml";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Path folder;

  public ImageCatalog(Path folder) {
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  @Override
  public Image resolve(String reference) throws ImagePullException {
    if (reference.isBlank()) {
      throw new ImagePullException("the container has no image");
    }
    if (reference.startsWith("/")) {
      Path path = folder.getFileSystem().getPath(reference);
      if (Files.isDirectory(path)) {
        return load(reference, path, "latest");
      }
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return new Image(reference, "catalog://" + path, List.of(path.toString()), List.of(), Map.of(),
            path.getParent());
      }
      throw new ImagePullException("image \"" + reference
          + "\" is neither an image folder nor an executable file");
    }
    int at = reference.indexOf('@');
    if (at >= 0) {
      throw new ImagePullException("image \"" + reference
          + "\": digests are not supported; name an image of the catalog " + folder
          + " (" + describeContents() + ")");
    }
    int colon = reference.lastIndexOf(':');
    String name = colon < 0 ? reference : reference.substring(0, colon);
    String tag = colon < 0 ? "latest" : reference.substring(colon + 1);
    Path image = NAME.matcher(name).matches() ? folder.resolve(name) : null;
    if (image == null || !Files.isRegularFile(image.resolve(MANIFEST))) {
      throw new ImagePullException("image \"" + reference + "\" not found: no folder \"" + name
          + "\" with an " + MANIFEST + " in the image catalog " + folder + " (" + describeContents() + ")");
    }
    return load(reference, image, tag);
  }

  /** The names of the images the catalog holds, sorted. */
  public List<String> images() {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private String describeContents() {
    if (!Files.isDirectory(folder)) {
      return "which does not exist; set it with --image-dir";
    }
    List<String> images = images();
    return images.isEmpty() ? "which holds no images" : "which holds: " + String.join(", ", images);
  }

  private Image load(String reference, Path image, String tag) throws ImagePullException {
    Path manifest = image.resolve(MANIFEST);
    JsonNode yaml;
    try (InputStream in = Files.newInputStream(manifest)) {
      yaml = YAML.readTree(in);
    } catch (IOException | JacksonException e) {
      throw new ImagePullException("image \"" + reference + "\": cannot read " + manifest + ": "
          + e.getMessage(), e);
    }
    if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
      yaml = YAML.createObjectNode();
    }
    if (!yaml.isObject()) {
      throw new ImagePullException("image \"" + reference + "\": " + manifest + " must be a mapping");
    }
    List<String> tags = strings(yaml, "tags", manifest);
    if (!tag.equals("latest") && !tags.contains(tag)) {
      throw new ImagePullException("image \"" + reference + "\": tag \"" + tag + "\" is not listed under"
          + " tags in " + manifest + " (tags: " + (tags.isEmpty() ? "none" : String.join(", ", tags)) + ")");
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode envNode = yaml.path("env");
    if (!envNode.isMissingNode() && !envNode.isNull()) {
      if (!envNode.isObject()) {
        throw new ImagePullException("image \"" + reference + "\": env in " + manifest
            + " must be a mapping of NAME: value");
      }
      for (Map.Entry<String, JsonNode> e : envNode.properties()) {
        env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
      }
    }
    JsonNode dir = yaml.path("workingDir");
    Path workingDir = dir.isMissingNode() || dir.isNull()
        ? image
        : image.resolve(dir.asString()).normalize();
    return new Image(reference, "catalog://" + image, strings(yaml, "entrypoint", manifest),
        strings(yaml, "cmd", manifest), env, workingDir);
  }

  private static List<String> strings(JsonNode yaml, String field, Path manifest) throws ImagePullException {
    JsonNode node = yaml.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ImagePullException(field + " in " + manifest + " must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isValueNode()) {
        throw new ImagePullException(field + " in " + manifest + " must be a list of strings");
      }
      values.add(item.asString());
    }
    return values;
  }
}
