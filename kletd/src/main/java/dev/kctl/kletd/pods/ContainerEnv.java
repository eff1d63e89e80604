package dev.kctl.kletd.pods;

import dev.kctl.api.Quantity;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.proxy.ServiceEnv;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The environment of a container's process, from lowest to highest precedence:
 *
 * <ol>
 *   <li>kletd's {@code PATH}, so that an entrypoint such as {@code java} is found as on the node;
 *   <li>the image's {@code env};
 *   <li>the service variables of {@link ServiceEnv} ({@code <SVC>_SERVICE_HOST} and the others) for
 *       the Services that exist when the container starts;
 *   <li>{@code PORT} (the container's first port) and {@code PORT_<NAME>} per named port (upper-cased,
 *       '-' as '_'), each the port's hostPort, which is where the process must listen as pods share
 *       the host network (the containerPort when a port has no hostPort);
 *   <li>{@code HOSTNAME} (the pod's {@code spec.hostname}, else its name, as a container runtime sets
 *       it), {@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_IP}, {@code NODE_NAME};
 *   <li>the container's {@code envFrom} (ConfigMaps and Secrets, each key with the entry's prefix);
 *   <li>the container's {@code env}, in order, each value expanded with {@code $(VAR)} over all of the
 *       above and the entries before it; {@code valueFrom} reads a ConfigMap or Secret key, a field
 *       of the pod (fieldRef) or a resource of a container (resourceFieldRef).
 * </ol>
 *
 * As in the kubelet, a ConfigMap, Secret or key that is missing and not {@code optional} keeps the
 * container from starting: {@link #compose} throws {@link ConfigException} with the kubelet's
 * message. An optional one that is missing is skipped.
 */
final class ContainerEnv {
  private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private ContainerEnv() {}

  /** A container's configuration that cannot be composed; the message is the kubelet's. */
  static final class ConfigException extends Exception {
    ConfigException(String message) {
      super(message);
    }
  }

  /** An event to record about the environment; the container starts all the same. */
  record Warning(String reason, String message) {}

  /** The environment, and the warnings to record once. */
  record Result(Map<String, String> env, List<Warning> warnings) {
    Result {
      env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
      warnings = List.copyOf(warnings);
    }
  }

  static Result compose(PodView pod, PodView.ContainerView container, Image image, PodSettings settings,
      PodApi api) throws ConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    if (settings.hostPath() != null && !settings.hostPath().isEmpty()) {
      env.put("PATH", settings.hostPath());
    }
    env.putAll(image.env());
    env.putAll(ServiceEnv.forPod(pod.meta().namespace(),
        pod.spec().path("enableServiceLinks").asBoolean(true), api.services(pod.meta().namespace())));
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
    String hostname = pod.object().path("spec").path("hostname").asString("");
    env.put("HOSTNAME", hostname.isEmpty() ? pod.meta().name() : hostname);
    env.put("POD_NAME", pod.meta().name());
    env.put("POD_NAMESPACE", pod.meta().namespace());
    env.put("POD_IP", settings.address());
    env.put("NODE_NAME", settings.nodeName());
    Sources sources = new Sources(pod.meta().namespace(), api);
    List<Warning> warnings = new ArrayList<>();
    for (JsonNode from : container.json().path("envFrom")) {
      envFrom(from, sources, env, warnings);
    }
    for (PodView.EnvVar var : container.env()) {
      if (var.valueFrom().isMissingNode() || var.valueFrom().isNull()) {
        env.put(var.name(), Expansion.expand(var.value(), env));
        continue;
      }
      Optional<String> value = valueFrom(pod, container, var, settings, sources, warnings);
      value.ifPresent(v -> env.put(var.name(), v));
    }
    return new Result(env, warnings);
  }

  private static void envFrom(JsonNode from, Sources sources, Map<String, String> env, List<Warning> warnings)
      throws ConfigException {
    String prefix = from.path("prefix").asString("");
    boolean secret = from.has("secretRef");
    JsonNode ref = secret ? from.path("secretRef") : from.path("configMapRef");
    String name = ref.path("name").asString("");
    Optional<ObjectNode> object = sources.get(secret ? ResourceTypes.SECRETS : ResourceTypes.CONFIGMAPS, name,
        ref.path("optional").asBoolean(false));
    if (object.isEmpty()) {
      return;
    }
    TreeSet<String> invalid = new TreeSet<>();
    for (Map.Entry<String, String> entry : data(object.get(), secret).entrySet()) {
      String key = prefix + entry.getKey();
      if (!ENV_NAME.matcher(key).matches()) {
        invalid.add(key);
        continue;
      }
      env.put(key, entry.getValue());
    }
    if (!invalid.isEmpty()) {
      warnings.add(new Warning("InvalidEnvironmentVariableNames", "Keys [" + String.join(", ", invalid)
          + "] from the EnvFrom " + (secret ? "secret" : "configMap") + " " + sources.namespace + "/" + name
          + " were skipped since they are considered invalid environment variable names."));
    }
  }

  private static Optional<String> valueFrom(PodView pod, PodView.ContainerView container, PodView.EnvVar var,
      PodSettings settings, Sources sources, List<Warning> warnings) throws ConfigException {
    JsonNode from = var.valueFrom();
    if (from.has("configMapKeyRef") || from.has("secretKeyRef")) {
      boolean secret = from.has("secretKeyRef");
      JsonNode ref = secret ? from.path("secretKeyRef") : from.path("configMapKeyRef");
      String name = ref.path("name").asString("");
      String key = ref.path("key").asString("");
      boolean optional = ref.path("optional").asBoolean(false);
      Optional<ObjectNode> object = sources.get(secret ? ResourceTypes.SECRETS : ResourceTypes.CONFIGMAPS, name,
          optional);
      if (object.isEmpty()) {
        return Optional.empty();
      }
      String value = data(object.get(), secret).get(key);
      if (value == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new ConfigException("couldn't find key " + key + " in " + (secret ? "Secret " : "ConfigMap ")
            + sources.namespace + "/" + name);
      }
      return Optional.of(value);
    }
    if (from.has("fieldRef")) {
      String fieldPath = from.path("fieldRef").path("fieldPath").asString("");
      String value = field(pod, fieldPath, settings);
      if (value == null) {
        warnings.add(new Warning("Failed", "env " + var.name() + " of container " + container.name()
            + " uses valueFrom.fieldRef " + fieldPath + ", which kletd does not support; the variable is not set"));
        return Optional.empty();
      }
      return Optional.of(value);
    }
    if (from.has("resourceFieldRef")) {
      JsonNode ref = from.path("resourceFieldRef");
      String target = ref.path("containerName").asString("");
      PodView.ContainerView of = target.isEmpty() ? container : pod.allContainers().stream()
          .filter(c -> c.name().equals(target)).findFirst()
          .orElseThrow(() -> new ConfigException("container \"" + target + "\" named by resourceFieldRef of env "
              + var.name() + " is not in pod " + pod.key()));
      return Optional.of(resource(of, ref.path("resource").asString(""), ref.path("divisor").asString(""),
          settings));
    }
    String source = from.propertyNames().stream().findFirst().orElse("valueFrom");
    warnings.add(new Warning("Failed", "env " + var.name() + " of container " + container.name()
        + " uses valueFrom." + source + ", which kletd does not support; the variable is not set"));
    return Optional.empty();
  }

  /** The value of a pod field as the downward API gives it; null for a field it does not offer. */
  static String field(PodView pod, String path, PodSettings settings) {
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
      case "spec.nodeName" -> settings.nodeName();
      case "spec.serviceAccountName" -> pod.spec().path("serviceAccountName").asString("");
      case "status.podIP", "status.podIPs", "status.hostIP", "status.hostIPs" -> settings.address();
      default -> null;
    };
  }

  /**
   * A container resource as the downward API gives it: the quantity divided by {@code divisor}
   * (default 1), rounded up. An unset limit reads as the node's allocatable amount, as in Kubernetes.
   */
  static String resource(PodView.ContainerView container, String resource, String divisorText,
      PodSettings settings) throws ConfigException {
    Resources resources = Resources.of(container.json());
    Quantity divisor;
    try {
      divisor = divisorText.isEmpty() ? Quantity.parse("1") : Quantity.parse(divisorText);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("resourceFieldRef of container " + container.name() + ": " + e.getMessage());
    }
    if (divisor.amount().signum() <= 0) {
      throw new ConfigException("resourceFieldRef of container " + container.name() + ": divisor must be positive");
    }
    Quantity amount = switch (resource) {
      case "limits.cpu" -> resources.limit("cpu").orElse(
          new Quantity(BigDecimal.valueOf(settings.allocatableMilliCpu()).movePointLeft(3)));
      case "limits.memory" -> resources.limit("memory").orElse(
          new Quantity(BigDecimal.valueOf(settings.allocatableMemory())));
      case "limits.ephemeral-storage" -> resources.limit("ephemeral-storage").orElse(Quantity.ZERO);
      case "requests.cpu" -> resources.request("cpu").orElse(Quantity.ZERO);
      case "requests.memory" -> resources.request("memory").orElse(Quantity.ZERO);
      case "requests.ephemeral-storage" -> resources.request("ephemeral-storage").orElse(Quantity.ZERO);
      default -> throw new ConfigException("unsupported container resource : " + resource);
    };
    // CPU divides millicores by millicores, the others whole units, each rounded up as Kubernetes does.
    BigDecimal value = resource.endsWith(".cpu")
        ? BigDecimal.valueOf(amount.milliValue()).divide(BigDecimal.valueOf(divisor.milliValue()), 0,
            RoundingMode.CEILING)
        : BigDecimal.valueOf(amount.value()).divide(BigDecimal.valueOf(divisor.value()), 0, RoundingMode.CEILING);
    return value.toPlainString();
  }

  /** A ConfigMap's data (text keys only, as the kubelet reads for env) or a Secret's data, decoded. */
  static Map<String, String> data(ObjectNode object, boolean secret) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.path("data").properties()) {
      String value = e.getValue().asString("");
      out.put(e.getKey(), secret
          ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)
          : value);
    }
    return out;
  }

  /** The ConfigMaps and Secrets of the pod's namespace, each read once per composition. */
  private static final class Sources {
    private final String namespace;
    private final PodApi api;
    private final Map<String, Optional<ObjectNode>> read = new HashMap<>();

    Sources(String namespace, PodApi api) {
      this.namespace = namespace;
      this.api = api;
    }

    Optional<ObjectNode> get(ResourceType type, String name, boolean optional) throws ConfigException {
      Optional<ObjectNode> object;
      try {
        object = read.computeIfAbsent(type.resource() + "/" + name, k -> api.get(type, namespace, name));
      } catch (RuntimeException e) {
        throw new ConfigException("couldn't get " + type.kind().toLowerCase(Locale.ROOT) + " " + namespace + "/"
            + name + ": " + e.getMessage());
      }
      if (object.isEmpty() && !optional) {
        throw new ConfigException(type.kind().toLowerCase(Locale.ROOT) + " \"" + name + "\" not found");
      }
      return object;
    }
  }
}
