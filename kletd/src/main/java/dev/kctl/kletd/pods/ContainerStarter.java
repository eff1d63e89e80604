package dev.kctl.kletd.pods;

import dev.kctl.kletd.image.Image;
import dev.kctl.kletd.image.ImagePullException;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.runtime.ContainerProcess;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.LaunchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
    record Started(ContainerProcess process) implements Outcome {}

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

  Outcome start(PodView pod, ContainerSlot slot, int restartCount) {
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
    ContainerEnv.Result env = ContainerEnv.compose(pod, c, image, settings.nodeName(), settings.address(),
        settings.hostPath());
    if (!slot.envWarned) {
      slot.envWarned = true;
      for (String unsupported : env.unsupported()) {
        api.event(pod, EventType.Warning, "Failed", unsupported);
      }
    }
    List<String> command = ContainerCommand.resolve(c, image, env.env());
    if (command.isEmpty()) {
      String message = "no command specified: neither the container nor image \"" + c.image()
          + "\" has a command or entrypoint";
      return new Outcome.Failed("CreateContainerError", message, "Failed", "Error: " + message);
    }
    Path workingDir = c.workingDir().isEmpty() ? image.workingDir() : image.workingDir().resolve(c.workingDir());
    removeOldLogs(slot, restartCount);
    ContainerProcess process;
    try {
      process = runtime.start(slot.dir, new LaunchSpec(command, env.env(), workingDir, slot.logFile(restartCount)),
          restartCount);
    } catch (IOException | RuntimeException e) {
      return new Outcome.Failed("RunContainerError", e.getMessage(), "Failed",
          "Error: failed to start container \"" + c.name() + "\": " + e.getMessage());
    }
    api.event(pod, EventType.Normal, "Created", "Created container: " + c.name());
    api.event(pod, EventType.Normal, "Started", "Started container " + c.name());
    return new Outcome.Started(process);
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
