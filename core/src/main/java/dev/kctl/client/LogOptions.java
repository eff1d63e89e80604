package dev.kctl.client;

/**
 * Options of the {@code pods/log} subresource.
 *
 * @param container the container, empty for the pod's only container
 * @param follow keep streaming as the log grows
 * @param tailLines the last lines only; negative for all
 * @param previous the log of the previous, terminated instance of the container
 * @param sinceSeconds only lines written in the last this many seconds; 0 for all
 * @param sinceTime only lines written at or after this RFC 3339 time; empty for all
 * @param timestamps start every line with the RFC 3339 time it was written and a space
 */
public record LogOptions(String container, boolean follow, long tailLines, boolean previous,
    long sinceSeconds, String sinceTime, boolean timestamps) {
  public static final LogOptions ALL = new LogOptions("", false, -1, false);

  /** Options without a time filter or timestamps. */
  public LogOptions(String container, boolean follow, long tailLines, boolean previous) {
    this(container, follow, tailLines, previous, 0, "", false);
  }
}
