package dev.kctl.kletd.runtime;

import java.nio.file.Path;

/**
 * A folder of the node shown to a container's process at another path, as a volume at its
 * mountPath, or a file shown over another file, as the pod's hosts file over {@code /etc/hosts}.
 *
 * @param source the folder or file on the node, e.g. {@code <pod>/volumes/config}
 * @param target where the process sees it, e.g. {@code /etc/config}; created when missing (an
 *     empty file when {@code source} is a file)
 * @param readOnly whether the process may only read it
 */
public record BindMount(Path source, String target, boolean readOnly) {}
