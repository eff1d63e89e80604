package dev.kctl.kletd.pods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where a volumeMount's {@code subPath} (or {@code subPathExpr}, expanded with the container's
 * environment) points inside its volume, as the kubelet resolves it: a relative path without
 * {@code ..}, created as a folder when missing, and refused when a symbolic link leads it out of
 * the volume. A file (a configMap key, say) is mounted as that one file.
 */
final class SubPaths {
  private SubPaths() {}

  /**
   * @param volume the volume's folder on the node
   * @param mount the volumeMount object
   * @param env the container's environment, for {@code $(VAR)} in subPathExpr
   * @return the folder or file to mount: {@code volume} itself when the mount has no sub-path
   */
  static Path source(Path volume, JsonNode mount, Map<String, String> env) throws ContainerEnv.ConfigException {
    String name = mount.path("name").asString("");
    String subPath = mount.path("subPath").asString("");
    String expr = mount.path("subPathExpr").asString("");
    if (!subPath.isEmpty() && !expr.isEmpty()) {
      throw new ContainerEnv.ConfigException("volumeMount \"" + name + "\" sets both subPath and subPathExpr;"
          + " they are mutually exclusive");
    }
    String relative = expr.isEmpty() ? subPath : Expansion.expand(expr, env);
    if (relative.isEmpty()) {
      return volume;
    }
    if (relative.startsWith("/")) {
      throw new ContainerEnv.ConfigException("subPath \"" + relative + "\" of volumeMount \"" + name
          + "\" is not a relative path");
    }
    for (String part : relative.split("/")) {
      if (part.equals("..")) {
        throw new ContainerEnv.ConfigException("subPath \"" + relative + "\" of volumeMount \"" + name
            + "\" must not contain '..'");
      }
    }
    Path source = volume.resolve(relative).normalize();
    try {
      if (!Files.exists(source)) {
        Files.createDirectories(source);
      }
      if (!source.toRealPath().startsWith(volume.toRealPath())) {
        throw new ContainerEnv.ConfigException("subPath \"" + relative + "\" of volumeMount \"" + name
            + "\" leads out of the volume (to " + source.toRealPath() + ")");
      }
    } catch (IOException e) {
      throw new ContainerEnv.ConfigException("cannot prepare subPath \"" + relative + "\" of volumeMount \"" + name
          + "\" in " + volume + ": " + e.getMessage());
    }
    return source;
  }
}
