package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way to talk to the API: over HTTPS from kctl and kletd, in-process from kctld's
 * controllers and scheduler. Both go through the API server's admission, so they behave alike.
 *
 * <p>Objects are Kubernetes JSON trees. {@code namespace} is ignored for cluster-scoped types; for
 * namespaced types a null namespace means "all namespaces" where that makes sense (list, watch).
 * Every method throws {@link ApiException} when the server answers with a failure Status, and
 * {@link java.io.UncheckedIOException} when it cannot be reached.
 */
public interface Client extends AutoCloseable {

  ObjectNode get(ResourceType type, String namespace, String name);

  /** A {@code List} object: {@code items} plus {@code metadata.resourceVersion} of the read. */
  ObjectNode list(ResourceType type, String namespace, ListOptions options);

  /**
   * The server-side {@code Table} (meta.k8s.io/v1) for one object ({@code name} not null) or a
   * list, with the columns kube-apiserver prints.
   */
  ObjectNode table(ResourceType type, String namespace, String name, ListOptions options);

  ObjectNode create(ResourceType type, String namespace, ObjectNode object);

  /** Replaces the object (PUT); fails with Conflict when its resourceVersion is stale. */
  ObjectNode update(ResourceType type, ObjectNode object);

  /** Replaces the object's status (PUT on the {@code status} subresource). */
  ObjectNode updateStatus(ResourceType type, ObjectNode object);

  /** Patches the object, or its {@code subresource} when not null (e.g. {@code status}). */
  ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource);

  /** Deletes the object with default options; see {@link #delete(ResourceType, String, String, DeleteOptions)}. */
  default ObjectNode delete(ResourceType type, String namespace, String name) {
    return delete(type, namespace, name, DeleteOptions.DEFAULT);
  }

  /**
   * Deletes the object; returns what the server returns: the object as it was removed, or, when
   * deletion is graceful (a pod on a node, finalizers, foreground propagation), the object now
   * carrying {@code metadata.deletionTimestamp}.
   */
  ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options);

  /** POSTs {@code body} to a subresource, such as a {@code Binding} to {@code pods/binding}. */
  ObjectNode createSubresource(ResourceType type, String namespace, String name,
      String subresource, ObjectNode body);

  /**
   * Starts a watch; events arrive on {@code handler} from another thread, in order, until the
   * returned handle is closed or the stream ends (then {@link WatchHandler#onClose} is called once).
   */
  Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler);

  /**
   * {@link #create(ResourceType, String, ObjectNode)} with query parameters (dry run, field
   * manager). A client that cannot send them refuses anything but {@link WriteParameters#NONE}
   * rather than silently storing a dry run.
   */
  default ObjectNode create(ResourceType type, String namespace, ObjectNode object, WriteParameters parameters) {
    requirePlain(parameters);
    return create(type, namespace, object);
  }

  /** {@link #update(ResourceType, ObjectNode)} with query parameters, as {@link #create(ResourceType, String, ObjectNode, WriteParameters)}. */
  default ObjectNode update(ResourceType type, ObjectNode object, WriteParameters parameters) {
    requirePlain(parameters);
    return update(type, object);
  }

  /**
   * {@link #patch(ResourceType, String, String, PatchType, JsonNode, String)} with query parameters:
   * dry run, field manager and force (for {@link PatchType#APPLY}).
   */
  default ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource, WriteParameters parameters) {
    requirePlain(parameters);
    return patch(type, namespace, name, patchType, patch, subresource);
  }

  private static void requirePlain(WriteParameters parameters) {
    if (!parameters.equals(WriteParameters.NONE)) {
      throw new UnsupportedOperationException("this client cannot send write parameters " + parameters);
    }
  }

  /** The logs of a pod's container, as the {@code pods/log} subresource streams them. */
  InputStream logs(String namespace, String pod, LogOptions options);

  @Override
  void close();
}
