package dev.kctl.kletd.runtime;

/**
 * What a container's process may use, from its {@code resources}.
 *
 * @param memoryBytes {@code limits.memory}; 0 for no limit
 * @param cpuMillis {@code limits.cpu} in millicores; 0 for no limit
 * @param cpuRequestMillis {@code requests.cpu} in millicores, the process's share under contention;
 *     0 for the default share
 */
public record ResourceLimits(long memoryBytes, long cpuMillis, long cpuRequestMillis) {
  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0);

  public boolean limited() {
    return memoryBytes > 0 || cpuMillis > 0;
  }
}
