package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One kctld and one real kletd started from bin/ for a test class, with an admin client. Closing
 * it deletes the pods it can, kills every container process it saw (adopted ones are no longer
 * the daemons' descendants) and stops the daemons.
 */
final class KletdCluster implements AutoCloseable {
  static final String NODE = "e2e-kletd";

  private final Path home;
  private final Path root;
  private final List<Daemon> daemons = new ArrayList<>();
  private final List<Long> containerPids = new ArrayList<>();
  private final String url;
  private Daemon kletd;
  final RestClient api;

  private KletdCluster(Path home, Path root, String url, RestClient api) {
    this.home = home;
    this.root = root;
    this.url = url;
    this.api = api;
  }

  static KletdCluster start(Path home) throws Exception {
    Path root = launcherRoot(home);
    Daemon kctld = Daemon.start("kctld", home, root, List.of("kctld", "--data-dir", home.resolve("server").toString(),
        "--listen", "127.0.0.1:0"));
    KletdCluster cluster;
    try {
      String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
      RestClient api = RestClient.connect(KubeConfig.load(home.resolve("server/admin.kubeconfig")));
      cluster = new KletdCluster(home, root, url, api);
    } catch (RuntimeException | Error e) {
      kctld.close();
      throw e;
    }
    cluster.daemons.add(kctld);
    cluster.startKletd();
    return cluster;
  }

  /** Starts (or starts again) the node agent on the same data folder, and waits until its node is Ready. */
  Daemon startKletd() throws IOException {
    String name = "kletd-" + daemons.size();
    kletd = Daemon.start(name, home, root, List.of("kletd", "--server", url,
        "--token-file", home.resolve("server/node-token").toString(),
        "--data-dir", home.resolve("node").toString(),
        "--node-name", NODE,
        "--image-dir", root.resolve("samples/target/images").toString(),
        "--host-port-range", "24000-24999"));
    daemons.add(kletd);
    Daemon started = kletd;
    await("node " + NODE + " registered by " + name).atMost(ofSeconds(60))
        .failFast(name + " exited:\n" + started.tail(), () -> !started.isAlive())
        .until(() -> started.tail().contains("node " + NODE + " registered"));
    return kletd;
  }

  Daemon kletd() {
    return kletd;
  }

  /** The folder whose bin/ runs this build's jars: {@code root().resolve("bin/kctl")} is its kctl. */
  Path root() {
    return root;
  }

  ObjectNode pod(String name) {
    return api.get(ResourceTypes.PODS, "default", name);
  }

  /** The pid in a container's containerID ({@code process://<pid>}), remembered for the cleanup. */
  Optional<Long> pid(String pod, String container) {
    for (JsonNode s : pod(pod).path("status").path("containerStatuses")) {
      String id = s.path("containerID").asString("");
      if (s.path("name").asString("").equals(container) && id.startsWith("process://")
          && s.path("state").has("running")) {
        long pid = Long.parseLong(id.substring("process://".length()));
        synchronized (containerPids) {
          containerPids.add(pid);
        }
        return Optional.of(pid);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      for (JsonNode pod : api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items")) {
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
          String id = s.path("containerID").asString("");
          if (id.startsWith("process://")) {
            containerPids.add(Long.parseLong(id.substring("process://".length())));
          }
        }
        try {
          api.delete(ResourceTypes.PODS, "default", pod.path("metadata").path("name").asString(""), DeleteOptions.NOW);
        } catch (ApiException e) {
          // gone already
        }
      }
    } catch (RuntimeException e) {
      // the server may be the thing that failed; the processes are killed below all the same
    } finally {
      List<ProcessHandle> containers = new ArrayList<>();
      for (long pid : containerPids) {
        ProcessHandle.of(pid).ifPresent(p -> {
          containers.addAll(p.descendants().toList());
          containers.add(p);
        });
      }
      Processes.stop(containers);
      api.close();
      daemons.reversed().forEach(Daemon::close);
    }
  }

  /**
   * The folder whose bin/ the daemons run from: the repository itself when the build writes to
   * target/, else (a build with -Dkctl.target=NAME) a folder of links that shows NAME as target,
   * so that bin/ runs the jars this build made.
   */
  static Path launcherRoot(Path home) throws IOException {
    Path root = WalkingSkeletonIT.ROOT;
    Path classes = Path.of(URI_OF_CLASSES);
    String target = classes.getParent().getFileName().toString();
    if (target.equals("target")) {
      return root;
    }
    Path view = Files.createDirectories(home.resolve("root"));
    Files.createSymbolicLink(view.resolve("bin"), root.resolve("bin"));
    for (String module : List.of("core", "kctl", "kletd", "samples")) {
      Files.createDirectories(view.resolve(module));
      Files.createSymbolicLink(view.resolve(module).resolve("target"), root.resolve(module).resolve(target));
    }
    return view;
  }

  private static final java.net.URI URI_OF_CLASSES;

  static {
    try {
      URI_OF_CLASSES = KletdCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
