package dev.kctl.client;

import dev.kctl.api.ApiException;

/** Receives the events of one watch, in order, from one thread at a time. */
public interface WatchHandler {
  void onEvent(WatchEvent event);

  /**
   * The watch ended: {@code cause} is null when it was closed by the caller or ended normally
   * (the server's timeout), otherwise why it failed (e.g. Gone: relist, then watch again).
   */
  void onClose(ApiException cause);
}
