package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ObjectMeta.OwnerReference;
import dev.kctl.codec.Json;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Controller references ({@code ownerReferences} with {@code controller: true}) between objects. */
public final class ControllerRefs {
  private ControllerRefs() {}

  /** The owner reference a controller puts on its children: controller and blockOwnerDeletion. */
  public static ObjectNode ownerReference(ObjectNode owner) {
    ObjectMeta meta = ObjectMeta.of(owner);
    ObjectNode ref = Json.object();
    ref.put("apiVersion", owner.path("apiVersion").asString(""));
    ref.put("kind", owner.path("kind").asString(""));
    ref.put("name", meta.name());
    ref.put("uid", meta.uid());
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    return ref;
  }

  /** Whether {@code owner} (by UID) is the controller of {@code child}. */
  public static boolean controlledBy(ObjectNode child, ObjectNode owner) {
    String uid = ObjectMeta.of(owner).uid();
    return ObjectMeta.of(child).controller().map(ref -> ref.uid().equals(uid)).orElse(false);
  }

  /** The {@code namespace/name} key of {@code child}'s controller when it is of {@code kind}. */
  public static Optional<String> controllerKey(ObjectNode child, String kind) {
    ObjectMeta meta = ObjectMeta.of(child);
    return meta.controller()
        .filter(ref -> ref.kind().equals(kind))
        .map(OwnerReference::name)
        .map(name -> meta.namespace().isEmpty() ? name : meta.namespace() + "/" + name);
  }
}
