package dev.kctl.controller;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;

import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import dev.kctl.controller.deployment.DeploymentController;
import dev.kctl.controller.garbagecollector.GarbageCollector;
import dev.kctl.controller.replicaset.ReplicaSetController;
import dev.kctl.controller.runtime.ControllerLoop;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kctld's controller manager: one shared informer per kind (all namespaces), shared by the
 * controllers, and the deployment, replica set and garbage collector controllers running on them. Everything goes
 * through the {@link Client}, so the controllers see the API exactly as kctl does.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
  /** Workers per controller; kube-controller-manager runs 5, a small cluster needs fewer. */
  private static final int WORKERS = 2;

  private final List<Informer> informers;
  private final List<ControllerLoop> loops;

  private ControllerManager(List<Informer> informers, List<ControllerLoop> loops) {
    this.informers = informers;
    this.loops = loops;
  }

  /** Starts the informers and the controllers; returns at once (workers wait for the caches). */
  public static ControllerManager start(Client client, InstantSource clock) {
    Informer deployments = new Informer(client, DEPLOYMENTS, null, ListOptions.NONE);
    Informer replicaSets = new Informer(client, REPLICASETS, null, ListOptions.NONE);
    Informer pods = new Informer(client, PODS, null, ListOptions.NONE);
    // controllers register their handlers, which must happen before the informers start
    DeploymentController deployment = new DeploymentController(client, deployments, replicaSets, clock);
    ReplicaSetController replicaSet = new ReplicaSetController(client, replicaSets, pods, clock);
    List<Informer> informers = List.of(deployments, replicaSets, pods);
    GarbageCollector collector = new GarbageCollector(client, informers, GarbageCollector.defaultDependentKinds());
    informers.forEach(Informer::start);
    List<ControllerLoop> loops = List.of(
        ControllerLoop.start(DeploymentController.NAME, deployment, deployment.queue(), WORKERS, List.of(deployments, replicaSets)),
        ControllerLoop.start(ReplicaSetController.NAME, replicaSet, replicaSet.queue(), WORKERS, List.of(replicaSets, pods)),
        ControllerLoop.start(GarbageCollector.NAME, collector, collector.queue(), WORKERS, informers));
    log.info("controller manager started: {}, {}, {}", DeploymentController.NAME, ReplicaSetController.NAME, GarbageCollector.NAME);
    return new ControllerManager(informers, loops);
  }

  /** Stops the controllers, then the informers. */
  @Override
  public void close() {
    loops.forEach(ControllerLoop::close);
    informers.forEach(Informer::close);
    log.info("controller manager stopped");
  }
}
