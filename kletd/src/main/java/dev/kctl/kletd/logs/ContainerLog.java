package dev.kctl.kletd.logs;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where a container's logs are.
 *
 * @param current the log of the container's current (or last) instance
 * @param previous the log of the instance before it, if it is kept
 * @param running whether the process writing {@code current} still runs; a follow ends when it
 *     does not and the file has been read to its end
 */
public record ContainerLog(Path current, Optional<Path> previous, BooleanSupplier running) {}
