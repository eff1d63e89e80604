package dev.kctl.kletd.stats;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A container whose process runs now, as the stats collector measures it.
 *
 * @param uid the pod's uid
 * @param pid the container's process, which leads its own session (0 for a simulated container:
 *     it has no usage)
 * @param startedAt when the process started; with the pid it tells one run of the container from
 *     the next, whose usage starts again from zero
 * @param cgroups the container's own cgroup folders, where kletd made them (for limits); empty
 *     when it has none
 */
public record RunningContainer(String namespace, String pod, String uid, String container, long pid,
    Instant startedAt, List<Path> cgroups) {
  public RunningContainer {
    cgroups = List.copyOf(cgroups);
  }
}
