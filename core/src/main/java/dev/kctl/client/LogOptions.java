package dev.kctl.client;

/**
 * Options of the {@code pods/log} subresource.
 *
 * @param container the container, empty for the pod's only container
 * @param follow keep streaming as the log grows
 * @param tailLines the last lines only; negative for all
 * @param previous the log of the previous, terminated instance of the container
 */
public record LogOptions(String container, boolean follow, long tailLines, boolean previous) {
  public static final LogOptions ALL = new LogOptions("", false, -1, false);
}
