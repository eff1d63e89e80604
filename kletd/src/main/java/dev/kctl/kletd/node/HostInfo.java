package dev.kctl.kletd.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a node reports about its machine, read from {@code /proc} and {@code /etc} under a root
 * folder (so that tests can use an in-memory file system). Missing files leave fields empty.
 *
 * @param cpus CPU cores available to kletd
 * @param memoryKi total memory in KiB ({@code MemTotal} of /proc/meminfo)
 * @param architecture as Kubernetes names it: amd64, arm64, ...
 */
public record HostInfo(
    int cpus,
    long memoryKi,
    String osImage,
    String kernelVersion,
    String architecture,
    String machineId,
    String bootId) {

  /** Reads the machine that {@code root} is the root of; {@code cpus} and the architecture come from the JVM. */
  public static HostInfo read(Path root) {
    String osImage = lines(root.resolve("etc/os-release"))
        .flatMap(text -> text.lines().filter(l -> l.startsWith("PRETTY_NAME=")).findFirst())
        .map(l -> l.substring("PRETTY_NAME=".length()).replaceAll("^\"|\"$", ""))
        .orElse("Linux");
    long memoryKi = lines(root.resolve("proc/meminfo"))
        .flatMap(text -> text.lines().filter(l -> l.startsWith("MemTotal:")).findFirst())
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .orElse(0L);
    return new HostInfo(
        Runtime.getRuntime().availableProcessors(),
        memoryKi,
        osImage,
        lines(root.resolve("proc/sys/kernel/osrelease")).map(String::strip).orElse(System.getProperty("os.version")),
        architecture(System.getProperty("os.arch")),
        lines(root.resolve("etc/machine-id")).map(String::strip).orElse(""),
        lines(root.resolve("proc/sys/kernel/random/boot_id")).map(String::strip).orElse(""));
  }

  static String architecture(String javaArch) {
    return switch (javaArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> javaArch;
    };
  }

  private static Optional<String> lines(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
