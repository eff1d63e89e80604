package dev.kctl.kletd.pods;

import dev.kctl.kletd.image.Image;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of a container's process, from lowest to highest precedence:
 *
 * <ol>
 *   <li>kletd's {@code PATH}, so that an entrypoint such as {@code java} is found as on the node;
 *   <li>the image's {@code env};
 *   <li>{@code PORT} (the container's first port) and {@code PORT_<NAME>} per named port (upper-cased,
 *       '-' as '_'), each the port's hostPort, which is where the process must listen as pods share
 *       the host network (the containerPort when a port has no hostPort);
 *   <li>{@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_IP}, {@code NODE_NAME};
 *   <li>the container's {@code env}, in order, each value expanded with {@code $(VAR)} over all of the
 *       above and the entries before it.
 * </ol>
 *
 * {@code valueFrom.fieldRef} is resolved from the pod; other {@code valueFrom} sources are not
 * supported yet: they are left out and named in {@link Result#unsupported()}.
 */
final class ContainerEnv {
  private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private ContainerEnv() {}

  /** The environment, and one sentence per env entry that could not be honoured. */
  record Result(Map<String, String> env, List<String> unsupported) {
    Result {
      env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
      unsupported = List.copyOf(unsupported);
    }
  }

  static Result compose(PodView pod, PodView.ContainerView container, Image image, String nodeName,
      String podIp, String hostPath) {
    Map<String, String> env = new LinkedHashMap<>();
    if (hostPath != null && !hostPath.isEmpty()) {
      env.put("PATH", hostPath);
    }
    env.putAll(image.env());
    boolean first = true;
    for (PodView.PortView port : container.ports()) {
      String value = Integer.toString(port.hostPort() > 0 ? port.hostPort() : port.containerPort());
      if (first) {
        env.put("PORT", value);
        first = false;
      }
      if (!port.name().isEmpty()) {
        env.put("PORT_" + port.name().toUpperCase(Locale.ROOT).replace('-', '_'), value);
      }
    }
    env.put("POD_NAME", pod.meta().name());
    env.put("POD_NAMESPACE", pod.meta().namespace());
    env.put("POD_IP", podIp);
    env.put("NODE_NAME", nodeName);
    List<String> unsupported = new ArrayList<>();
    for (PodView.EnvVar var : container.env()) {
      if (var.valueFrom().isMissingNode() || var.valueFrom().isNull()) {
        env.put(var.name(), Expansion.expand(var.value(), env));
        continue;
      }
      String fieldPath = var.valueFrom().path("fieldRef").path("fieldPath").asString("");
      String value = fieldPath.isEmpty() ? null : field(pod, fieldPath, nodeName, podIp);
      if (value != null) {
        env.put(var.name(), value);
      } else {
        String source = var.valueFrom().propertyNames().stream().findFirst().orElse("valueFrom");
        unsupported.add("env " + var.name() + " of container " + container.name() + " uses valueFrom."
            + source + (fieldPath.isEmpty() ? "" : " " + fieldPath)
            + ", which kletd does not support yet; the variable is not set");
      }
    }
    return new Result(env, unsupported);
  }

  private static String field(PodView pod, String path, String nodeName, String podIp) {
    Matcher subscript = SUBSCRIPT.matcher(path);
    if (subscript.matches()) {
      Map<String, String> map = subscript.group(1).equals("labels")
          ? pod.meta().labels()
          : pod.meta().annotations();
      return map.getOrDefault(subscript.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.meta().name();
      case "metadata.namespace" -> pod.meta().namespace();
      case "metadata.uid" -> pod.meta().uid();
      case "spec.nodeName" -> nodeName;
      case "spec.serviceAccountName" -> pod.object().path("spec").path("serviceAccountName").asString("");
      case "status.podIP", "status.podIPs", "status.hostIP", "status.hostIPs" -> podIp;
      default -> null;
    };
  }
}
