package dev.kctl.controller;

import static dev.kctl.api.ResourceTypes.DAEMONSETS;
import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.JOBS;
import static dev.kctl.api.ResourceTypes.LEASES;
import static dev.kctl.api.ResourceTypes.NAMESPACES;
import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static dev.kctl.api.ResourceTypes.SERVICES;

import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import dev.kctl.controller.daemonset.DaemonSetController;
import dev.kctl.controller.deployment.DeploymentController;
import dev.kctl.controller.endpoints.EndpointsController;
import dev.kctl.controller.garbagecollector.GarbageCollector;
import dev.kctl.controller.job.JobController;
import dev.kctl.controller.namespace.NamespaceController;
import dev.kctl.controller.nodelifecycle.NodeLifecycleController;
import dev.kctl.controller.replicaset.ReplicaSetController;
import dev.kctl.controller.runtime.ControllerLoop;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kctld's controller manager: one shared informer per kind (all namespaces), shared by the
 * controllers, and the deployment, replica set, daemon set, job, endpoints, node lifecycle,
 * garbage collector and namespace controllers running on them. Everything goes through the {@link Client}, so the controllers see
 * the API exactly as kctl does.
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

  /**
   * Settings of the controllers that have any.
   *
   * @param nodeLifecycle grace period and eviction timeout of unreachable nodes
   */
  public record Config(NodeLifecycleController.Config nodeLifecycle) {
    public static final Config DEFAULTS = new Config(NodeLifecycleController.Config.DEFAULTS);
  }

  /** Starts everything with {@link Config#DEFAULTS}. */
  public static ControllerManager start(Client client, InstantSource clock) {
    return start(client, clock, Config.DEFAULTS);
  }

  /** Starts the informers and the controllers; returns at once (workers wait for the caches). */
  public static ControllerManager start(Client client, InstantSource clock, Config config) {
    Informer deployments = new Informer(client, DEPLOYMENTS, null, ListOptions.NONE);
    Informer replicaSets = new Informer(client, REPLICASETS, null, ListOptions.NONE);
    Informer daemonSets = new Informer(client, DAEMONSETS, null, ListOptions.NONE);
    Informer jobs = new Informer(client, JOBS, null, ListOptions.NONE);
    Informer pods = new Informer(client, PODS, null, ListOptions.NONE);
    Informer nodes = new Informer(client, NODES, null, ListOptions.NONE);
    Informer services = new Informer(client, SERVICES, null, ListOptions.NONE);
    Informer leases = new Informer(client, LEASES, "kube-node-lease", ListOptions.NONE);
    Informer namespaces = new Informer(client, NAMESPACES, null, ListOptions.NONE);
    // controllers register their handlers, which must happen before the informers start
    DeploymentController deployment = new DeploymentController(client, deployments, replicaSets, pods, clock);
    ReplicaSetController replicaSet = new ReplicaSetController(client, replicaSets, pods, clock);
    DaemonSetController daemonSet = new DaemonSetController(client, daemonSets, nodes, pods, clock);
    JobController job = new JobController(client, jobs, pods, clock);
    EndpointsController endpoints = new EndpointsController(client, services, pods);
    NodeLifecycleController nodeLifecycle = new NodeLifecycleController(client, nodes, leases, pods, clock, config.nodeLifecycle());
    GarbageCollector collector = new GarbageCollector(client, List.of(deployments, replicaSets, daemonSets, jobs, pods),
        GarbageCollector.defaultDependentKinds());
    NamespaceController namespace = new NamespaceController(client, namespaces, clock);
    List<Informer> informers = List.of(deployments, replicaSets, daemonSets, jobs, pods, nodes, services, leases, namespaces);
    informers.forEach(Informer::start);
    List<ControllerLoop> loops = new ArrayList<>();
    loops.add(ControllerLoop.start(DeploymentController.NAME, deployment, deployment.queue(), WORKERS, List.of(deployments, replicaSets, pods)));
    loops.add(ControllerLoop.start(ReplicaSetController.NAME, replicaSet, replicaSet.queue(), WORKERS, List.of(replicaSets, pods)));
    loops.add(ControllerLoop.start(DaemonSetController.NAME, daemonSet, daemonSet.queue(), WORKERS, List.of(daemonSets, nodes, pods)));
    loops.add(ControllerLoop.start(JobController.NAME, job, job.queue(), WORKERS, List.of(jobs, pods)));
    loops.add(ControllerLoop.start(EndpointsController.NAME, endpoints, endpoints.queue(), WORKERS, List.of(services, pods)));
    loops.add(ControllerLoop.start(NodeLifecycleController.NAME, nodeLifecycle, nodeLifecycle.queue(), WORKERS, List.of(nodes, leases, pods)));
    loops.add(ControllerLoop.start(GarbageCollector.NAME, collector, collector.queue(), WORKERS, informers));
    loops.add(ControllerLoop.start(NamespaceController.NAME, namespace, namespace.queue(), WORKERS, List.of(namespaces)));
    log.info("controller manager started: {}, {}, {}, {}, {}, {}, {}, {}", DeploymentController.NAME, ReplicaSetController.NAME,
        DaemonSetController.NAME, JobController.NAME, EndpointsController.NAME, NodeLifecycleController.NAME, GarbageCollector.NAME,
        NamespaceController.NAME);
    return new ControllerManager(informers, List.copyOf(loops));
  }

  /** Stops the controllers, then the informers. */
  @Override
  public void close() {
    loops.forEach(ControllerLoop::close);
    informers.forEach(Informer::close);
    log.info("controller manager stopped");
  }
}
