package dev.kctl.codec;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Kubernetes object read from a manifest, with where it came from: the source (a file name,
 * or {@code STDIN}), the line its document starts on, and the line of each of its fields, so that
 * errors about a field can point into the file.
 *
 * <p>{@link Manifests#read} guarantees that {@code object} has a non-empty {@code apiVersion},
 * {@code kind} and {@code metadata.name}. The object is the parsed tree itself: callers that
 * change it should {@code deepCopy()} it first.
 *
 * @param object the object, as JSON
 * @param source where it was read from, as the user named it
 * @param line the 1-based line where the object starts
 * @param fieldLines the line of each field, keyed by canonical path ({@code .spec.replicas},
 *     {@code .spec.template.spec.containers[0].image}); use {@link #lineOf(String)} to look up
 */
public record Manifest(ObjectNode object, String source, int line, Map<String, Integer> fieldLines) {

  public Manifest {
    fieldLines = Map.copyOf(fieldLines);
  }

  public String apiVersion() {
    return object.path("apiVersion").asString("");
  }

  public String kind() {
    return object.path("kind").asString("");
  }

  public String name() {
    return object.path("metadata").path("name").asString("");
  }

  /** {@code metadata.namespace}, empty when the manifest names none. */
  public String namespace() {
    return object.path("metadata").path("namespace").asString("");
  }

  /**
   * The line of the field at {@code fieldPath}, as the API server names fields in its errors
   * ({@code spec.replicas}, {@code spec.template.spec.containers[0].image},
   * {@code metadata.labels[app]}). A field the manifest does not have (a required field that is
   * missing, say) gets the line of its closest ancestor that it has, and at worst the object's
   * first line.
   */
  public int lineOf(String fieldPath) {
    List<String> segments = ManifestFieldPath.parse(fieldPath);
    for (int length = segments.size(); length > 0; length--) {
      Integer found = fieldLines.get(ManifestFieldPath.join(segments.subList(0, length)));
      if (found != null) {
        return found;
      }
    }
    return line;
  }

  /** {@code source:line}, for messages. */
  public String location() {
    return source + ":" + line;
  }
}
