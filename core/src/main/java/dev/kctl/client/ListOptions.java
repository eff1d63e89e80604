package dev.kctl.client;

/**
 * Options of list and watch requests, as their query parameters. Empty strings and zero mean
 * "not set".
 *
 * @param labelSelector e.g. {@code app=web}
 * @param fieldSelector e.g. {@code spec.nodeName=node-1}
 * @param resourceVersion list: read at least this fresh; watch: deliver changes after it
 * @param limit page size, 0 for no paging
 * @param continueToken the {@code continue} token of the previous page
 * @param allowWatchBookmarks ask the server for BOOKMARK events on watches
 * @param resourceVersionMatch list: {@code Exact} or {@code NotOlderThan}, how {@code
 *     resourceVersion} is read
 */
public record ListOptions(
    String labelSelector,
    String fieldSelector,
    String resourceVersion,
    long limit,
    String continueToken,
    boolean allowWatchBookmarks,
    String resourceVersionMatch) {

  public static final ListOptions NONE = new ListOptions("", "", "", 0, "", false);

  public ListOptions(
      String labelSelector, String fieldSelector, String resourceVersion, long limit, String continueToken,
      boolean allowWatchBookmarks) {
    this(labelSelector, fieldSelector, resourceVersion, limit, continueToken, allowWatchBookmarks, "");
  }

  public ListOptions withLabelSelector(String selector) {
    return new ListOptions(selector, fieldSelector, resourceVersion, limit, continueToken, allowWatchBookmarks, resourceVersionMatch);
  }

  public ListOptions withFieldSelector(String selector) {
    return new ListOptions(labelSelector, selector, resourceVersion, limit, continueToken, allowWatchBookmarks, resourceVersionMatch);
  }

  public ListOptions withResourceVersion(String version) {
    return new ListOptions(labelSelector, fieldSelector, version, limit, continueToken, allowWatchBookmarks, resourceVersionMatch);
  }
}
