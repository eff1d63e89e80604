package dev.kctl.controller.runtime;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an object's {@code status} subresource only when the computed status differs from the
 * one it has, so a controller's sync causes no write, and no watch event, when nothing changed.
 */
public final class StatusWriter {
  private StatusWriter() {}

  /**
   * Writes {@code status} on a copy of {@code object} when it differs from the object's; API
   * errors are thrown. Returns whether it wrote.
   */
  public static boolean writeIfChanged(Client client, ResourceType type, ObjectNode object, ObjectNode status) {
    if (Objects.equals(status, object.path("status"))) {
      return false;
    }
    ObjectNode copy = object.deepCopy();
    copy.set("status", status);
    client.updateStatus(type, copy);
    return true;
  }

  /**
   * As {@link #writeIfChanged}, but an object deleted meanwhile is not an error: returns
   * {@code false} when it is gone, {@code true} otherwise (written or unchanged).
   */
  public static boolean writeUnlessGone(Client client, ResourceType type, ObjectNode object, ObjectNode status) {
    try {
      writeIfChanged(client, type, object, status);
      return true;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return false;
      }
      throw e;
    }
  }
}
