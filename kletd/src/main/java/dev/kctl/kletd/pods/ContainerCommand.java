package dev.kctl.kletd.pods;

import dev.kctl.kletd.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' rules for what a container runs, over its image's entrypoint and cmd:
 *
 * <pre>
 *   command  args   runs
 *   -        -      entrypoint + cmd
 *   set      -      command             (the image's cmd is dropped too)
 *   -        set    entrypoint + args
 *   set      set    command + args
 * </pre>
 *
 * {@code $(VAR)} references in the pod's command and args are expanded with the container's env.
 */
final class ContainerCommand {
  private ContainerCommand() {}

  static List<String> resolve(PodView.ContainerView container, Image image, Map<String, String> env) {
    List<String> command = container.command().isEmpty()
        ? image.entrypoint()
        : container.command().stream().map(s -> Expansion.expand(s, env)).toList();
    List<String> args;
    if (!container.args().isEmpty()) {
      args = container.args().stream().map(s -> Expansion.expand(s, env)).toList();
    } else if (container.command().isEmpty()) {
      args = image.cmd();
    } else {
      args = List.of();
    }
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    return List.copyOf(all);
  }
}
