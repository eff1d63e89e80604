package dev.kctl.kletd.pods;

import java.nio.file.Path;

/**
 * How a node runs its pods.
 *
 * @param nodeName this node's name: pods bound to it are run, and {@code NODE_NAME} is set to it
 * @param address the node's InternalIP, which is every pod's IP (pods share the host network)
 * @param podsDir where each pod gets {@code <namespace>_<name>_<uid>/<container>/} with its logs
 *     and {@code state.json}, and {@code volumes/<volume>/} with its volumes' files
 * @param hostPath the {@code PATH} given to containers under the image's env, normally kletd's
 * @param allocatableMilliCpu the node's allocatable CPU in millicores: what {@code limits.cpu}
 *     reads as through the downward API when a container sets no CPU limit, as in Kubernetes
 * @param allocatableMemory the node's allocatable memory in bytes, likewise for {@code limits.memory}
 */
public record PodSettings(String nodeName, String address, Path podsDir, String hostPath,
    long allocatableMilliCpu, long allocatableMemory) {}
