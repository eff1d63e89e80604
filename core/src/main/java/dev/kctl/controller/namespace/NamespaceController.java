package dev.kctl.controller.namespace;

import static dev.kctl.api.ResourceTypes.NAMESPACES;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.StatusWriter;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace controller: empties a namespace that is being deleted and then releases it, as
 * kube-controller-manager's does. For a namespace with {@code deletionTimestamp} and the
 * {@value #FINALIZER} finalizer in {@code spec.finalizers}, each sync deletes every namespaced
 * object in it through the API (pods gracefully, so their nodes stop the processes), reports
 * progress in the {@code NamespaceDeletionContentFailure}, {@code NamespaceContentRemaining} and
 * {@code NamespaceFinalizersRemaining} conditions, and checks again {@link #RECHECK} later while
 * something remains. Once nothing does, it removes its finalizer through
 * {@code namespaces/{name}/finalize}, and the API server removes the namespace.
 *
 * <p>It does not wait on finalizers of other owners in {@code spec.finalizers}: those owners
 * release the namespace themselves.
 */
public final class NamespaceController implements Reconciler {
  /** The component name in logs. */
  public static final String NAME = "namespace-controller";
  /** The finalizer this controller owns, which kube-apiserver gives every namespace. */
  static final String FINALIZER = "kubernetes";
  /** How soon a namespace with content left is swept again; pods leave within their grace period. */
  static final Duration RECHECK = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(NamespaceController.class);

  private final Client client;
  private final Informer namespaces;
  private final InstantSource clock;
  private final ContentSweep sweep;
  private final WorkQueue queue = new WorkQueue(NAME);

  /** Registers its handler on {@code namespaces}: build it before starting the informer. */
  public NamespaceController(Client client, Informer namespaces, InstantSource clock) {
    this.client = client;
    this.namespaces = namespaces;
    this.clock = clock;
    this.sweep = new ContentSweep(client);
    namespaces.addHandler(new KeyHandler(queue));
  }

  public WorkQueue queue() {
    return queue;
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = namespaces.get(key);
    if (cached.isEmpty()) {
      return;
    }
    ObjectNode namespace = cached.get();
    if (ObjectMeta.of(namespace).deletionTimestamp().isEmpty() || !hasFinalizer(namespace)) {
      return;
    }
    ContentSweep.Result result = sweep.sweep(key);
    if (!StatusWriter.writeUnlessGone(client, NAMESPACES, namespace,
        DeletionConditions.apply(namespace.path("status"), result, clock.instant()))) {
      return;
    }
    if (!result.failures().isEmpty()) {
      throw new IllegalStateException("could not empty namespace %s: %s; retrying"
          .formatted(key, String.join("; ", result.failures())));
    }
    if (!result.empty()) {
      log.debug("{}: namespace {} still holds {}", NAME, key, result.remaining());
      queue.addAfter(key, RECHECK);
      return;
    }
    finalizeNamespace(key);
  }

  /**
   * Removes {@value #FINALIZER} from the namespace's {@code spec.finalizers}, guarded by the
   * resourceVersion just read, so that a finalizer another owner added meanwhile is not lost.
   */
  private void finalizeNamespace(String name) {
    ObjectNode current = client.get(NAMESPACES, null, name);
    if (!hasFinalizer(current)) {
      return;
    }
    ObjectNode patch = Json.object();
    patch.putObject("metadata").put("resourceVersion", ObjectMeta.of(current).resourceVersion());
    ArrayNode rest = patch.putObject("spec").putArray("finalizers");
    for (JsonNode f : current.path("spec").path("finalizers")) {
      if (!f.asString("").equals(FINALIZER)) {
        rest.add(f.deepCopy());
      }
    }
    client.patch(NAMESPACES, null, name, PatchType.MERGE, patch, "finalize");
    log.info("{}: namespace {} is empty; removed its {} finalizer", NAME, name, FINALIZER);
  }

  private static boolean hasFinalizer(JsonNode namespace) {
    for (JsonNode f : namespace.path("spec").path("finalizers")) {
      if (f.asString("").equals(FINALIZER)) {
        return true;
      }
    }
    return false;
  }
}
