package dev.kctl.client;

import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a watch stream, as Kubernetes sends it: {@code {"type":..., "object":...}}. For
 * {@link Type#ERROR} the object is a Status (410 Gone when the requested revision was compacted).
 */
public record WatchEvent(Type type, ObjectNode object) {
  /** Event types of the Kubernetes watch protocol. */
  public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }
}
