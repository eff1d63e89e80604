package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchHandler;
import dev.kctl.client.WriteParameters;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client that the REPL lends to each command it runs: every call goes to the REPL's one
 * client, and {@link #close()} does nothing, so a finished command leaves the connection (and
 * the REPL's informers on it) open.
 */
final class SharedClient implements Client {
  private final Client client;

  SharedClient(Client client) {
    this.client = client;
  }

  @Override
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return client.get(type, namespace, name);
  }

  @Override
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    return client.list(type, namespace, options);
  }

  @Override
  public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
    return client.table(type, namespace, name, options);
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    return client.create(type, namespace, object);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) {
    return client.update(type, object);
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
    return client.updateStatus(type, object);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch,
      String subresource) {
    return client.patch(type, namespace, name, patchType, patch, subresource);
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object, WriteParameters parameters) {
    return client.create(type, namespace, object, parameters);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object, WriteParameters parameters) {
    return client.update(type, object, parameters);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch,
      String subresource, WriteParameters parameters) {
    return client.patch(type, namespace, name, patchType, patch, subresource, parameters);
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    return client.delete(type, namespace, name, options);
  }

  @Override
  public ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource,
      ObjectNode body) {
    return client.createSubresource(type, namespace, name, subresource, body);
  }

  @Override
  public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
    return client.watch(type, namespace, options, handler);
  }

  @Override
  public InputStream logs(String namespace, String pod, LogOptions options) {
    return client.logs(namespace, pod, options);
  }

  @Override
  public void close() {
    // The REPL closes the real client when it ends.
  }
}
