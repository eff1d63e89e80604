package dev.kctl.kletd.pods;

import dev.kctl.kletd.proxy.ServiceAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A pod's hosts file, which kletd bind-mounts over {@code /etc/hosts} in the pod's mount namespace
 * so that the pod resolves Service names as it would with cluster DNS: the node's own
 * {@code /etc/hosts}, then the pod's host name, the pod's {@code hostAliases}, and one line per
 * Service with its addresses and names.
 *
 * <p>For Service {@code web} in namespace {@code shop} with clusterIP 127.96.0.7, a pod of
 * namespace {@code shop} gets
 *
 * <pre>
 *   127.96.0.7	web.shop.svc.cluster.local web.shop.svc web.shop web
 * </pre>
 *
 * and a pod of any other namespace the same line without the short name {@code web}, as a
 * resolver's search path ({@code <ns>.svc.cluster.local}) gives it. The fully qualified name comes
 * first, so it is the canonical name ({@code getent hosts} prints it). A headless Service gets one
 * such line per ready address.
 */
final class HostsFile {
  /** The cluster domain, as the kubelet's default {@code --cluster-domain}. */
  static final String CLUSTER_DOMAIN = "cluster.local";
  /** Where the node's own entries come from. */
  static final Path NODE_HOSTS = Path.of("/etc/hosts");

  private HostsFile() {}

  /**
   * The file's text for {@code pod}.
   *
   * @param nodeHosts the node's {@code /etc/hosts}, copied first
   * @param podIp the pod's IP (the node's address: pods share its network)
   * @param services what each Service name stands for
   */
  static String content(String nodeHosts, PodView pod, String podIp, List<ServiceAddress> services) {
    StringBuilder out = new StringBuilder("# Kubernetes-managed hosts file (kctl): the node's /etc/hosts,")
        .append(" this pod, its hostAliases and the Services.\n");
    out.append(nodeHosts);
    if (!nodeHosts.isEmpty() && !nodeHosts.endsWith("\n")) {
      out.append('\n');
    }
    String namespace = pod.meta().namespace();
    JsonNode spec = pod.spec();
    String hostname = spec.path("hostname").asString("");
    if (hostname.isEmpty()) {
      hostname = pod.meta().name();
    }
    String subdomain = spec.path("subdomain").asString("");
    out.append("\n# This pod.\n").append(podIp).append('\t');
    if (!subdomain.isEmpty()) {
      out.append(hostname).append('.').append(subdomain).append('.').append(namespace).append(".svc.")
          .append(CLUSTER_DOMAIN).append(' ');
    }
    out.append(hostname).append('\n');
    JsonNode aliases = spec.path("hostAliases");
    if (!aliases.isEmpty()) {
      out.append("\n# Entries added by HostAliases.\n");
      for (JsonNode alias : aliases) {
        out.append(alias.path("ip").asString("")).append('\t');
        List<String> names = new ArrayList<>();
        alias.path("hostnames").forEach(n -> names.add(n.asString("")));
        out.append(String.join(" ", names)).append('\n');
      }
    }
    out.append("\n# Services (short names for namespace ").append(namespace).append(" only).\n");
    for (ServiceAddress service : services) {
      String names = names(service, namespace);
      for (String ip : service.ips()) {
        out.append(ip).append('\t').append(names).append('\n');
      }
    }
    return out.toString();
  }

  private static String names(ServiceAddress service, String podNamespace) {
    String qualified = service.name() + "." + service.namespace();
    String names = qualified + ".svc." + CLUSTER_DOMAIN + " " + qualified + ".svc " + qualified;
    return service.namespace().equals(podNamespace) ? names + " " + service.name() : names;
  }

  /**
   * Makes {@code file} hold {@code content}, rewriting it in place: a bind mount shows the inode it
   * was made with, so a new file renamed over this one (what {@link AtomicWriter} does for volumes)
   * would never reach a running pod.
   *
   * <p>Readers open the file on every lookup (glibc does), so what matters is what a read can see
   * while the file changes. Truncating first and then writing leaves a moment in which the file is
   * empty and every name is missing. Instead the new text goes in with one write at offset 0,
   * padded with newlines to the old length when it is shorter, and only then is the file cut to
   * the new length: a reader sees the old text, the new one, or the new one followed by blank
   * lines, and blank lines mean nothing in a hosts file. The price: the file is not atomic in the
   * strict sense. A read racing the write may see part of each text where the file spans more than
   * one page (past 4 KiB, about 60 Services) or where the file system copies a write in pieces; a
   * lookup that hits that moment may miss a name once. Readers that cache the file until its
   * modification time changes (the JDK's {@code jdk.net.hosts.file} resolver) see the new time
   * once the truncate is done.
   *
   * @return whether the file changed
   */
  static boolean write(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    boolean exists = Files.exists(file);
    if (exists && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return false;
    }
    if (!exists) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(file);
      try {
        // Readable by every user: a pod's processes need not run as kletd's user.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without POSIX permissions keeps its default
      }
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long old = channel.size();
      byte[] padded = bytes;
      if (old > bytes.length) {
        padded = Arrays.copyOf(bytes, Math.toIntExact(old));
        Arrays.fill(padded, bytes.length, padded.length, (byte) '\n');
      }
      ByteBuffer buffer = ByteBuffer.wrap(padded);
      long position = 0;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.truncate(bytes.length);
    }
    return true;
  }
}
