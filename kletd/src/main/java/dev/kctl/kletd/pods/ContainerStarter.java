package dev.kctl.kletd.pods;

import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.runtime.BindMount;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.LaunchSpec;
import dev.kctl.kletd.runtime.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Starts one container: resolves its image, checks its host ports, composes its command and
 * environment, and hands them to the runtime, recording the events Kubernetes records
 * ({@code Pulled}, {@code Created}, {@code Started}). Failures come back as an {@link Outcome}
 * for the worker to report and retry.
 */
final class ContainerStarter {
  private final PodSettings settings;
  private final ImageResolver images;
  private final ContainerRuntime runtime;
  private final PortProbe ports;
  private final PodApi api;

  sealed interface Outcome {
    /** {@code spec}: what was started, for probes and hooks that run with its env and folder. */
    record Started(ContainerProcess process, LaunchSpec spec) implements Outcome {}

    /** {@code reason} and {@code message} for the waiting state; the event to record. */
    record Failed(String reason, String message, String eventReason, String eventMessage) implements Outcome {}
  }

  ContainerStarter(PodSettings settings, ImageResolver images, ContainerRuntime runtime, PortProbe ports,
      PodApi api) {
    this.settings = settings;
    this.images = images;
    this.runtime = runtime;
    this.ports = ports;
    this.api = api;
  }

  /**
   * What an adopted container was started with, as well as kletd can tell now: its env and working
   * folder for probes and hooks. Empty when it cannot be composed (then they run without).
   */
  Optional<LaunchSpec> describe(PodView pod, ContainerSlot slot) {
    PodView.ContainerView c = slot.spec;
    try {
      Image image = images.resolve(c.image());
      ContainerEnv.Result env = ContainerEnv.compose(pod, c, image, settings, api);
      List<String> command = ContainerCommand.resolve(c, image, env.env());
      return command.isEmpty()
          ? Optional.empty()
          : Optional.of(new LaunchSpec(command, env.env(), workingDir(c, image), slot.logFile(slot.restartCount)));
    } catch (ImagePullException | ContainerEnv.ConfigException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * @param volumes the pod's volume folders on the node, by volume name
   * @param hostsFile the pod's hosts file, shown over {@code /etc/hosts}; empty for none
   * @param podWarnings the reasons of the pod-wide warnings recorded so far; each is recorded once
   */
  Outcome start(PodView pod, ContainerSlot slot, int restartCount, Map<String, Path> volumes,
      Optional<Path> hostsFile, Set<String> podWarnings) {
    PodView.ContainerView c = slot.spec;
    Image image;
    try {
      image = images.resolve(c.image());
    } catch (ImagePullException e) {
      boolean again = slot.waiting.reason().equals("ErrImagePull") || slot.waiting.reason().equals("ImagePullBackOff");
      String message = "Failed to pull image \"" + c.image() + "\": " + e.getMessage();
      return new Outcome.Failed(again ? "ImagePullBackOff" : "ErrImagePull",
          again ? "Back-off pulling image \"" + c.image() + "\": " + e.getMessage() : message, "Failed", message);
    }
    slot.imageId = image.imageId();
    api.event(pod, EventType.Normal, "Pulled", "Container image \"" + c.image() + "\" already present on machine");
    for (PodView.PortView port : c.ports()) {
      if (port.hostPort() <= 0) {
        continue;
      }
      Optional<String> taken = ports.inUse(settings.address(), port.hostPort());
      if (taken.isPresent()) {
        String message = "host port " + port.hostPort() + "/" + port.protocol() + " on " + settings.address()
            + " for container " + c.name() + " of pod " + pod.key() + " is in use by another process ("
            + taken.get() + "); kletd retries with back-off";
        return new Outcome.Failed("CreateContainerError", message, "FailedToStartContainer", message);
      }
    }
    ContainerEnv.Result env;
    try {
      env = ContainerEnv.compose(pod, c, image, settings, api);
    } catch (ContainerEnv.ConfigException e) {
      return new Outcome.Failed("CreateContainerConfigError", e.getMessage(), "Failed", "Error: " + e.getMessage());
    }
    if (!slot.envWarned) {
      slot.envWarned = true;
      for (ContainerEnv.Warning warning : env.warnings()) {
        api.event(pod, EventType.Warning, warning.reason(), warning.message());
      }
    }
    List<String> command = ContainerCommand.resolve(c, image, env.env());
    if (command.isEmpty()) {
      String message = "no command specified: neither the container nor image \"" + c.image()
          + "\" has a command or entrypoint";
      return new Outcome.Failed("CreateContainerError", message, "Failed", "Error: " + message);
    }
    Map<String, String> vars = new LinkedHashMap<>(env.env());
    List<BindMount> mounts = new ArrayList<>();
    hostsFile.flatMap(file -> hostsMount(pod, c, file, vars, podWarnings)).ifPresent(mounts::add);
    try {
      mounts.addAll(mounts(pod, c, volumes, vars, podWarnings));
    } catch (ContainerEnv.ConfigException e) {
      return new Outcome.Failed("CreateContainerConfigError", e.getMessage(), "Failed", "Error: " + e.getMessage());
    }
    ResourceLimits limits = limits(c);
    if (limits.limited() && runtime.limitsUnsupported().isPresent() && podWarnings.add("ResourceLimitsNotEnforced")) {
      api.event(pod, EventType.Warning, "ResourceLimitsNotEnforced", "ResourceLimitsNotEnforced: the limits of pod "
          + pod.key() + " are not enforced on node " + settings.nodeName() + ": " + runtime.limitsUnsupported().get());
    }
    removeOldLogs(slot, restartCount);
    LaunchSpec spec = new LaunchSpec(command, vars, workingDir(c, image), slot.logFile(restartCount), mounts, limits);
    ContainerProcess process;
    try {
      process = runtime.start(slot.dir, spec, restartCount);
    } catch (IOException | RuntimeException e) {
      return new Outcome.Failed("RunContainerError", e.getMessage(), "Failed",
          "Error: failed to start container \"" + c.name() + "\": " + e.getMessage());
    }
    api.event(pod, EventType.Normal, "Created", "Created container: " + c.name());
    api.event(pod, EventType.Normal, "Started", "Started container " + c.name());
    return new Outcome.Started(process, spec);
  }

  /**
   * The container's volumeMounts as bind mounts, of a volume's sub-path where the mount names one;
   * where the runtime cannot mount, each volume's folder (or sub-path) goes into
   * {@code KCTL_VOLUME_<NAME>} instead and a Warning says so, once per pod.
   */
  private List<BindMount> mounts(PodView pod, PodView.ContainerView c, Map<String, Path> volumes,
      Map<String, String> env, Set<String> podWarnings) throws ContainerEnv.ConfigException {
    List<BindMount> mounts = new ArrayList<>();
    List<String> fallback = new ArrayList<>();
    Optional<String> unsupported = runtime.mountsUnsupported();
    for (JsonNode m : c.json().path("volumeMounts")) {
      String name = m.path("name").asString("");
      Path folder = volumes.get(name);
      if (folder == null) {
        continue;
      }
      Path source = SubPaths.source(folder, m, env);
      boolean readOnly = m.path("readOnly").asBoolean(false) || readOnlyVolume(pod, name);
      String mountPath = m.path("mountPath").asString("");
      if (unsupported.isPresent()) {
        String var = "KCTL_VOLUME_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        env.put(var, source.toString());
        fallback.add(name + " (" + mountPath + ") is at " + source + ", in $" + var);
      } else {
        mounts.add(new BindMount(source, mountPath, readOnly));
      }
    }
    if (!fallback.isEmpty() && podWarnings.add("VolumeMountsUnsupported")) {
      api.event(pod, EventType.Warning, "VolumeMountsUnsupported", "volumes cannot be mounted at their mountPath on"
          + " node " + settings.nodeName() + " (" + unsupported.get() + "); container " + c.name() + " finds "
          + String.join(", ", fallback));
    }
    return mounts;
  }

  /**
   * The pod's hosts file over {@code /etc/hosts}, first, so that a volume the container mounts at
   * {@code /etc} hides it as it would any file there; none when the container mounts a volume at
   * {@code /etc/hosts} itself, as the kubelet leaves such a container's file alone. Where the
   * runtime cannot mount, the file's path goes into {@code KCTL_HOSTS_FILE} and a Warning says so,
   * once per pod.
   */
  private Optional<BindMount> hostsMount(PodView pod, PodView.ContainerView c, Path file, Map<String, String> env,
      Set<String> podWarnings) {
    for (JsonNode m : c.json().path("volumeMounts")) {
      if (m.path("mountPath").asString("").equals("/etc/hosts")) {
        return Optional.empty();
      }
    }
    Optional<String> unsupported = runtime.mountsUnsupported();
    if (unsupported.isEmpty()) {
      return Optional.of(new BindMount(file, "/etc/hosts", true));
    }
    env.put("KCTL_HOSTS_FILE", file.toString());
    if (podWarnings.add("ServiceNamesUnavailable")) {
      api.event(pod, EventType.Warning, "ServiceNamesUnavailable", "Service names are not available through"
          + " /etc/hosts in pod " + pod.key() + " on node " + settings.nodeName() + ": the pod's hosts file cannot"
          + " be mounted there (" + unsupported.get() + "); its processes find it at " + file
          + ", in $KCTL_HOSTS_FILE (a JVM can use it with -Djdk.net.hosts.file=$KCTL_HOSTS_FILE)");
    }
    return Optional.empty();
  }

  private static boolean readOnlyVolume(PodView pod, String name) {
    for (JsonNode v : pod.spec().path("volumes")) {
      if (v.path("name").asString("").equals(name)) {
        return v.has("configMap") || v.has("secret") || v.has("downwardAPI") || v.has("projected");
      }
    }
    return false;
  }

  static ResourceLimits limits(PodView.ContainerView c) {
    Resources resources = Resources.of(c.json());
    return new ResourceLimits(
        resources.limit("memory").map(q -> q.value()).orElse(0L),
        resources.limit("cpu").map(q -> q.milliValue()).orElse(0L),
        resources.request("cpu").map(q -> q.milliValue()).orElse(0L));
  }

  private static Path workingDir(PodView.ContainerView c, Image image) {
    return c.workingDir().isEmpty() ? image.workingDir() : image.workingDir().resolve(c.workingDir());
  }

  /** Keeps the log of the previous instance (for {@code --previous}) and drops older ones. */
  private static void removeOldLogs(ContainerSlot slot, int restartCount) {
    for (int n = restartCount - 2; n >= 0; n--) {
      try {
        if (!Files.deleteIfExists(slot.logFile(n))) {
          break;
        }
      } catch (IOException e) {
        break;
      }
    }
  }
}
