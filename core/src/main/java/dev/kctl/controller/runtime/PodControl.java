package dev.kctl.controller.runtime;

import static dev.kctl.api.ResourceTypes.PODS;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import java.util.List;
import java.util.function.IntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates and deletes the pods of one controller's owners, after kube's {@code PodControl}: it
 * records {@link Expectations} before acting (the informer may see a change before the call
 * returns), lowers them again for what failed and so will never be observed, and records kube's
 * {@code SuccessfulCreate}, {@code FailedCreate} and {@code SuccessfulDelete} events on the owner.
 */
public final class PodControl {
  private final Client client;
  private final EventRecorder events;
  private final Expectations expectations;
  private final String ownerDescription;

  /** @param ownerDescription what the owners are, for error messages ("replica set") */
  public PodControl(Client client, EventRecorder events, Expectations expectations, String ownerDescription) {
    this.client = client;
    this.events = events;
    this.expectations = expectations;
    this.ownerDescription = ownerDescription;
  }

  /**
   * Creates {@code count} pods for {@code owner} (key {@code key}) in its namespace, pod
   * {@code i} being {@code newPod.apply(i)}. Stops at the first failure, after a
   * {@code FailedCreate} event, with an {@link IllegalStateException}; the pods not created are
   * no longer expected.
   */
  public void createPods(String key, ObjectNode owner, int count, IntFunction<ObjectNode> newPod) {
    expectations.expectCreations(key, count);
    String namespace = ObjectMeta.of(owner).namespace();
    for (int i = 0; i < count; i++) {
      try {
        ObjectNode created = client.create(PODS, namespace, newPod.apply(i));
        events.normal(owner, "SuccessfulCreate", "Created pod: " + ObjectMeta.of(created).name());
      } catch (RuntimeException e) {
        for (int j = i; j < count; j++) {
          expectations.creationObserved(key);
        }
        events.warning(owner, "FailedCreate", "Error creating: " + e.getMessage());
        throw new IllegalStateException("cannot create pods for %s %s: %s".formatted(ownerDescription, key, e.getMessage()), e);
      }
    }
  }

  /** Records that {@code victims}, pods of {@code key}, are about to be deleted. */
  public void expectDeletions(String key, List<ObjectNode> victims) {
    expectations.expectDeletions(key, victims.stream().map(p -> ObjectMeta.of(p).key()).toList());
  }

  /**
   * Deletes {@code victims}, pods of {@code owner} (key {@code key}), after expecting their
   * deletion. Pods already gone are skipped; any other API error stops it and is thrown.
   */
  public void deletePods(String key, ObjectNode owner, List<ObjectNode> victims) {
    expectDeletions(key, victims);
    for (ObjectNode pod : victims) {
      deletePod(key, owner, pod);
    }
  }

  /**
   * Deletes one pod whose deletion {@code key} expects, with a {@code SuccessfulDelete} event. A
   * pod already gone is not an error; when the API refuses, the deletion is no longer expected and
   * the {@link ApiException} is thrown.
   */
  public void deletePod(String key, ObjectNode owner, ObjectNode pod) {
    ObjectMeta meta = ObjectMeta.of(pod);
    try {
      client.delete(PODS, meta.namespace(), meta.name());
      events.normal(owner, "SuccessfulDelete", "Deleted pod: " + meta.name());
    } catch (ApiException e) {
      expectations.deletionObserved(key, meta.key());
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }
}
