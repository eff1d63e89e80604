package dev.kctl.kletd.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A resolved image: what {@code image.yaml} says, with paths made absolute.
 *
 * @param reference the reference as the pod spec wrote it, e.g. {@code tomcat:latest}
 * @param imageId {@code catalog://<folder>}, reported as a container's imageID
 * @param entrypoint like Docker's ENTRYPOINT; a pod's {@code command} replaces it
 * @param cmd like Docker's CMD, the default arguments; a pod's {@code args} replace them
 * @param env the default environment, under the pod's own
 * @param workingDir where the process runs unless the pod says otherwise
 */
public record Image(
    String reference,
    String imageId,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    Path workingDir) {

  public Image {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
  }
}
