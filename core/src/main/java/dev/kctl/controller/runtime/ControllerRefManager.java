package dev.kctl.controller.runtime;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claims the children a controller selects, after kube's {@code ControllerRefManager}: of the
 * candidates (objects of the owner's namespace), it keeps those it controls that still match its
 * selector, adopts orphans that match (no controller reference, not being deleted) by adding its
 * controller reference, and releases the ones it controls that no longer match by removing its
 * reference. An owner being deleted neither adopts nor releases. Before its first adoption it
 * re-reads the owner from the API: an owner deleted or replaced (another UID) meanwhile must not
 * take children. An empty selector adopts nothing (the API refuses one on workloads anyway).
 *
 * <p>Each change is a merge patch of {@code metadata.ownerReferences} carrying the child's
 * resourceVersion, so a concurrent change (another controller adopting it first) fails with
 * Conflict and the child is left to the next sync.
 */
public final class ControllerRefManager {
  private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

  private final Client client;
  private final ResourceType ownerType;
  private final ResourceType childType;

  /** @param ownerType and {@code childType}: e.g. ReplicaSets and Pods */
  public ControllerRefManager(Client client, ResourceType ownerType, ResourceType childType) {
    this.client = client;
    this.ownerType = ownerType;
    this.childType = childType;
  }

  /** Whether {@code child} has no controller and {@code selector} matches it: a candidate for adoption. */
  public static boolean isMatchingOrphan(ObjectNode child, LabelSelector selector) {
    ObjectMeta meta = ObjectMeta.of(child);
    return meta.controller().isEmpty() && meta.deletionTimestamp().isEmpty() && selector.matches(meta.labels());
  }

  /**
   * The children {@code owner} controls once claiming is done: the ones it kept and the ones it
   * adopted (as the API returned them).
   *
   * @param candidates objects of the owner's namespace, from the informer's cache
   */
  public List<ObjectNode> claim(ObjectNode owner, LabelSelector selector, List<ObjectNode> candidates) {
    boolean deleting = !ObjectMeta.of(owner).deletionTimestamp().isEmpty();
    Boolean mayAdopt = null;
    List<ObjectNode> claimed = new ArrayList<>();
    for (ObjectNode child : candidates) {
      ObjectMeta meta = ObjectMeta.of(child);
      boolean matches = selector.matches(meta.labels());
      if (ControllerRefs.controlledBy(child, owner)) {
        if (matches || deleting) {
          claimed.add(child);
        } else {
          change(owner, child, false, "released");
        }
      } else if (!deleting && !selector.isEmpty() && isMatchingOrphan(child, selector)) {
        if (mayAdopt == null) {
          mayAdopt = stillTheSameOwner(owner);
        }
        if (mayAdopt) {
          ObjectNode adopted = change(owner, child, true, "adopted");
          if (adopted != null) {
            claimed.add(adopted);
          }
        }
      }
    }
    return claimed;
  }

  private boolean stillTheSameOwner(ObjectNode owner) {
    ObjectMeta meta = ObjectMeta.of(owner);
    try {
      ObjectMeta fresh = ObjectMeta.of(client.get(ownerType, meta.namespace(), meta.name()));
      return fresh.uid().equals(meta.uid()) && fresh.deletionTimestamp().isEmpty();
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return false;
      }
      throw e;
    }
  }

  /** Adds or removes {@code owner}'s reference on {@code child}; the patched child, or null when it changed meanwhile. */
  private ObjectNode change(ObjectNode owner, ObjectNode child, boolean adopt, String what) {
    ObjectMeta meta = ObjectMeta.of(child);
    String uid = ObjectMeta.of(owner).uid();
    ObjectNode patch = Json.object();
    ObjectNode metadata = patch.putObject("metadata");
    metadata.put("resourceVersion", meta.resourceVersion());
    ArrayNode refs = Json.array();
    for (JsonNode ref : child.path("metadata").path("ownerReferences")) {
      if (!Objects.equals(ref.path("uid").asString(""), uid)) {
        refs.add(ref.deepCopy());
      }
    }
    if (adopt) {
      refs.add(ControllerRefs.ownerReference(owner));
    }
    if (refs.isEmpty()) {
      metadata.putNull("ownerReferences");
    } else {
      metadata.set("ownerReferences", refs);
    }
    try {
      ObjectNode patched = client.patch(childType, meta.namespace(), meta.name(), PatchType.MERGE, patch, null);
      log.info("{} {} {} {} {}", ownerType.kind(), ObjectMeta.of(owner).key(), what, childType.kind(), meta.key());
      return patched;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound || e.reason() == StatusReason.Conflict) {
        log.info("{}: could not claim {} {}, it changed meanwhile: {}", ObjectMeta.of(owner).key(), childType.kind(), meta.key(), e.getMessage());
        return null;
      }
      throw e;
    }
  }
}
