package dev.kctl.kletd.runtime;

import java.nio.file.Path;

/**
 * A folder of the node shown to a container's process at another path, as a volume at its
 * mountPath.
 *
 * @param source the folder on the node, e.g. {@code <pod>/volumes/config}
 * @param target where the process sees it, e.g. {@code /etc/config}; created when missing
 * @param readOnly whether the process may only read it
 */
public record BindMount(Path source, String target, boolean readOnly) {}
