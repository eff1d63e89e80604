package dev.kctl.kletd;

import dev.kctl.client.NodeJoin;
import dev.kctl.client.NodeToken;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of this kletd's nodes, kept under {@code <data-dir>/credentials/<node>}: loaded
 * when a node has joined before, else asked for with the join token (see {@link NodeJoin}). Simulated
 * nodes share one endpoint and so one key: they join as siblings of the first.
 */
final class JoinedNodes {
  private static final Logger log = LoggerFactory.getLogger(JoinedNodes.class);

  private JoinedNodes() {}

  /** The credentials of {@code names}, in order, joining those that have none yet. */
  static Map<String, NodeJoin> loadOrJoin(KletdConfig config, List<String> names) {
    Map<String, NodeJoin> joined = new LinkedHashMap<>();
    NodeToken joinToken = config.tokenFile() == null ? null : NodeToken.read(config.tokenFile());
    for (String name : names) {
      Path dir = config.dataDir().resolve("credentials").resolve(name);
      Optional<NodeJoin> stored = NodeJoin.load(dir);
      if (stored.isEmpty() && joinToken == null) {
        throw new IllegalStateException("node " + name + " has no credentials in " + dir
            + " yet; give --token-file with the cluster's join token (kctld's node-token) once");
      }
      // A join token for another CA means the cluster was created anew: the old credentials are void.
      if (stored.isPresent() && (joinToken == null || joinToken.caCertHash().equals(stored.get().caCertHash()))) {
        joined.put(name, stored.get());
        continue;
      }
      stored.ifPresent(old -> log.info("node {}: the join token names CA {}, but the credentials in {} trust {};"
          + " joining the new cluster", name, joinToken.caCertHash(), dir, old.caCertHash()));
      List<String> addresses = List.of(config.address());
      NodeJoin credentials = joined.isEmpty()
          ? NodeJoin.request(config.server(), joinToken, config.caCertHash(), name, addresses)
          : joined.values().iterator().next().requestSibling(config.server(), joinToken, config.caCertHash(), name,
              addresses);
      credentials.save(dir);
      log.info("node {} joined {}: its credentials are in {}; later starts need no join token", name,
          config.server(), dir);
      joined.put(name, credentials);
    }
    return joined;
  }
}
