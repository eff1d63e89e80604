package dev.kctl.kletd.pods;

import dev.kctl.api.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a Pod that kletd acts on, read once from the JSON tree.
 *
 * @param restartPolicy Always (the default), OnFailure or Never
 * @param gracePeriodSeconds how long a container may take to stop after SIGTERM: the deletion's
 *     grace period when the pod is being deleted, else terminationGracePeriodSeconds, else 30
 */
record PodView(
    ObjectMeta meta,
    String nodeName,
    RestartPolicy restartPolicy,
    long gracePeriodSeconds,
    boolean terminating,
    List<ContainerView> initContainers,
    List<ContainerView> containers,
    ObjectNode object) {

  PodView {
    initContainers = List.copyOf(initContainers);
    containers = List.copyOf(containers);
  }

  enum RestartPolicy { Always, OnFailure, Never }

  /**
   * One container of the pod spec.
   *
   * @param json the whole container as the spec has it, for the fields that features read on
   *     their own (envFrom, probes, lifecycle, resources, volumeMounts)
   */
  record ContainerView(
      String name,
      String image,
      List<String> command,
      List<String> args,
      String workingDir,
      List<EnvVar> env,
      List<PortView> ports,
      JsonNode json) {
    ContainerView {
      command = List.copyOf(command);
      args = List.copyOf(args);
      env = List.copyOf(env);
      ports = List.copyOf(ports);
    }
  }

  /** An {@code env} entry: {@code valueFrom} is kept as JSON (missing when {@code value} is used). */
  record EnvVar(String name, String value, JsonNode valueFrom) {}

  /** A {@code ports} entry; {@code hostPort} is 0 when the pod has none. */
  record PortView(String name, int containerPort, int hostPort, String protocol) {}

  static PodView of(ObjectNode pod) {
    ObjectMeta meta = ObjectMeta.of(pod);
    JsonNode spec = pod.path("spec");
    RestartPolicy policy = switch (spec.path("restartPolicy").asString("Always").toLowerCase(Locale.ROOT)) {
      case "never" -> RestartPolicy.Never;
      case "onfailure" -> RestartPolicy.OnFailure;
      default -> RestartPolicy.Always;
    };
    JsonNode deletionGrace = pod.path("metadata").path("deletionGracePeriodSeconds");
    long grace = deletionGrace.isNumber()
        ? deletionGrace.asLong()
        : spec.path("terminationGracePeriodSeconds").asLong(30);
    return new PodView(meta, spec.path("nodeName").asString(""), policy, Math.max(0, grace),
        !meta.deletionTimestamp().isEmpty(), containers(spec.path("initContainers")),
        containers(spec.path("containers")), pod);
  }

  /** The pod's {@code spec}. */
  JsonNode spec() {
    return object.path("spec");
  }

  /** Every container of the pod, init containers first. */
  List<ContainerView> allContainers() {
    List<ContainerView> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  private static List<ContainerView> containers(JsonNode array) {
    List<ContainerView> containers = new ArrayList<>();
    for (JsonNode c : array) {
      List<EnvVar> env = new ArrayList<>();
      for (JsonNode e : c.path("env")) {
        env.add(new EnvVar(e.path("name").asString(""), e.path("value").asString(""), e.path("valueFrom")));
      }
      List<PortView> ports = new ArrayList<>();
      for (JsonNode p : c.path("ports")) {
        ports.add(new PortView(p.path("name").asString(""), p.path("containerPort").asInt(0),
            p.path("hostPort").asInt(0), p.path("protocol").asString("TCP")));
      }
      containers.add(new ContainerView(c.path("name").asString(""), c.path("image").asString(""),
          strings(c.path("command")), strings(c.path("args")), c.path("workingDir").asString(""), env, ports, c));
    }
    return containers;
  }

  /** {@code namespace/name}, as events and logs name the pod. */
  String key() {
    return meta.key();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode v : array) {
      values.add(v.asString(""));
    }
    return values;
  }
}
