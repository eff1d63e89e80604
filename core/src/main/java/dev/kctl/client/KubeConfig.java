package dev.kctl.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * What a kubeconfig file says about one of its contexts: where the API server is, which CA to
 * trust, which bearer token to send, and the default namespace. Only what kctl uses is read
 * (client certificates, exec plugins and proxies are not); several files in {@code $KUBECONFIG}
 * are not merged, the first existing one is used.
 *
 * <p>{@link #toString()} never shows the token.
 *
 * @param context the context's name
 * @param server the API server's URL, e.g. {@code https://127.0.0.1:6443}
 * @param caCertificatePem the CA to trust, PEM; empty to trust the JDK's public CAs
 * @param token the bearer token; empty to send none
 * @param namespace the context's namespace, {@code default} when it names none
 * @param insecureSkipTlsVerify the cluster says {@code insecure-skip-tls-verify: true}: accept
 *     any server certificate
 */
public record KubeConfig(String context, URI server, String caCertificatePem, String token, String namespace,
    boolean insecureSkipTlsVerify) {

  /** A context whose server certificate is checked. */
  public KubeConfig(String context, URI server, String caCertificatePem, String token, String namespace) {
    this(context, server, caCertificatePem, token, namespace, false);
  }

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .build();

  /** Loads the context named by {@code current-context}. */
  public static KubeConfig load(Path file) {
    return load(file, "");
  }

  /**
   * Loads {@code context}, or the current context when it is null or empty (kubectl's
   * {@code --context}). Relative file paths inside the kubeconfig are resolved against its folder,
   * as kubectl does.
   *
   * @throws UncheckedIOException if the file, or a file it refers to, cannot be read
   * @throws IllegalArgumentException if it is not a usable kubeconfig; the message names the file
   *     and the missing or wrong entry
   */
  public static KubeConfig load(Path file, String context) {
    return load(file, context, ConfigOverrides.NONE);
  }

  /**
   * As {@link #load(Path, String)}, with kubectl's connection flags applied: {@code --cluster} and
   * {@code --user} pick other entries than the context's, {@code --server} and {@code --token}
   * replace what those entries say, and {@code --insecure-skip-tls-verify} drops the CA (kubectl
   * drops a kubeconfig CA when the flag is given, rather than refusing the pair).
   *
   * @throws UncheckedIOException if the file, or a file it refers to, cannot be read
   * @throws IllegalArgumentException if it is not a usable kubeconfig, or an override names no
   *     entry or is not an http(s) URL; the message names the file and the entry or flag
   */
  public static KubeConfig load(Path file, String context, ConfigOverrides overrides) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("kubeconfig " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file + ": " + e, e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "kubeconfig " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("kubeconfig " + file + " is empty or not a YAML mapping");
    }
    String contextName = context == null || context.isEmpty()
        ? root.path("current-context").asString("")
        : context;
    if (contextName.isEmpty()) {
      throw new IllegalArgumentException("kubeconfig " + file
          + " has no current-context; set one with: kubectl config use-context NAME");
    }
    JsonNode ctx = named(root, "contexts", contextName, "context", file,
        context == null || context.isEmpty() ? "its current-context" : "given by --context");
    boolean clusterGiven = !overrides.cluster().isEmpty();
    String clusterName = clusterGiven ? overrides.cluster() : ctx.path("cluster").asString("");
    if (clusterName.isEmpty()) {
      throw new IllegalArgumentException(
          "kubeconfig " + file + ": context \"" + contextName + "\" names no cluster");
    }
    JsonNode cluster = named(root, "clusters", clusterName, "cluster", file,
        clusterGiven ? "given by --cluster" : "the cluster of context \"" + contextName + "\"");
    URI server;
    if (overrides.server().isEmpty()) {
      String serverText = cluster.path("server").asString("");
      if (serverText.isEmpty()) {
        throw new IllegalArgumentException(
            "kubeconfig " + file + ": cluster \"" + clusterName + "\" has no server");
      }
      server = parseServer(serverText, clusterName, file);
    } else {
      server = parseServerFlag(overrides.server());
    }
    boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
    if (insecure && (cluster.has("certificate-authority") || cluster.has("certificate-authority-data"))) {
      throw new IllegalArgumentException("kubeconfig " + file + ": cluster \"" + clusterName + "\" has both"
          + " insecure-skip-tls-verify and a certificate authority; keep one (kubectl refuses the pair too)");
    }
    String caPem = overrides.insecureSkipTlsVerify() || insecure ? "" : certificateAuthority(cluster, clusterName, file);

    String token = overrides.token();
    boolean userGiven = !overrides.user().isEmpty();
    String userName = userGiven ? overrides.user() : ctx.path("user").asString("");
    if (!userName.isEmpty()) {
      JsonNode user = named(root, "users", userName, "user", file,
          userGiven ? "given by --user" : "the user of context \"" + contextName + "\"");
      if (token.isEmpty()) {
        token = user.path("token").asString("");
      }
      String tokenFile = user.path("tokenFile").asString("");
      if (token.isEmpty() && !tokenFile.isEmpty()) {
        token = readReferenced(file, tokenFile, "tokenFile of user \"" + userName + "\"").strip();
      }
    }
    String namespace = ctx.path("namespace").asString("");
    return new KubeConfig(contextName, server, caPem, token, namespace.isEmpty() ? "default" : namespace, insecure);
  }

  /**
   * The kubeconfig kctl and kubectl use, found as kubectl finds it: {@code explicit} (the
   * {@code --kubeconfig} flag) when given, else the first existing file in
   * {@code kubeconfigVariable} ({@code $KUBECONFIG}, a colon-separated list), else
   * {@code ~/.kube/config} under {@code home}. Relative paths start at {@code workingDirectory}:
   * the shell's, which for the kctl agent is not this process's.
   *
   * @throws IllegalArgumentException if none exists; the message lists the places tried
   */
  public static Path locate(String explicit, String kubeconfigVariable, Path home, Path workingDirectory) {
    if (explicit != null && !explicit.isEmpty()) {
      Path path = workingDirectory.resolve(explicit);
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("kubeconfig " + path + " (given by --kubeconfig) does not exist");
      }
      return path;
    }
    List<String> tried = new ArrayList<>();
    if (kubeconfigVariable != null) {
      for (String entry : kubeconfigVariable.split(":")) {
        if (entry.isBlank()) {
          continue;
        }
        Path path = workingDirectory.resolve(entry);
        if (Files.isRegularFile(path)) {
          return path;
        }
        tried.add(path + " (from $KUBECONFIG)");
      }
    }
    Path fallback = home.resolve(".kube").resolve("config");
    if (Files.isRegularFile(fallback)) {
      return fallback;
    }
    tried.add(fallback.toString());
    throw new IllegalArgumentException("no kubeconfig found; tried " + String.join(", ", tried)
        + ". Pass --kubeconfig FILE or set KUBECONFIG (kctld writes admin.kubeconfig in its data"
        + " directory)");
  }

  /**
   * Writes a kubeconfig with one cluster, one user with a bearer token, and one context named
   * {@code clusterName} that is current. The CA goes in as {@code certificate-authority-data}, so
   * the file stands alone. The file is replaced atomically and is never readable by anyone but
   * its owner (mode 0600).
   */
  public static void write(Path file, String clusterName, String server, String caPem,
      String userName, String token) {
    ObjectNode root = YAML.createObjectNode();
    root.put("apiVersion", "v1");
    root.put("kind", "Config");
    ObjectNode cluster = root.putArray("clusters").addObject();
    cluster.put("name", clusterName);
    ObjectNode clusterBody = cluster.putObject("cluster");
    clusterBody.put("server", server);
    clusterBody.put("certificate-authority-data",
        Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    ObjectNode user = root.putArray("users").addObject();
    user.put("name", userName);
    user.putObject("user").put("token", token);
    ObjectNode context = root.putArray("contexts").addObject();
    context.put("name", clusterName);
    ObjectNode contextBody = context.putObject("context");
    contextBody.put("cluster", clusterName);
    contextBody.put("user", userName);
    contextBody.put("namespace", "default");
    root.put("current-context", clusterName);
    root.putObject("preferences");
    PrivateFiles.write(file, YAML.writeValueAsBytes(root));
  }

  @Override
  public String toString() {
    return "KubeConfig[context=%s, server=%s, namespace=%s, ca=%s, token=%s]".formatted(
        context, server, namespace, caCertificatePem.isEmpty() ? "system" : "given",
        token.isEmpty() ? "none" : "(hidden)");
  }

  /** The entry called {@code name} in the list {@code listField}, unwrapped to its {@code body}. */
  private static JsonNode named(JsonNode root, String listField, String name, String body,
      Path file, String namedBy) {
    for (JsonNode entry : root.path(listField)) {
      if (name.equals(entry.path("name").asString(""))) {
        return entry.path(body);
      }
    }
    throw new IllegalArgumentException("kubeconfig " + file + ": " + listField
        + " has no entry named \"" + name + "\" (" + namedBy + ")");
  }

  private static URI parseServer(String text, String clusterName, Path file) {
    try {
      URI uri = new URI(text);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(text, "expected https://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("kubeconfig " + file + ": cluster \"" + clusterName
          + "\" has server \"" + text + "\", which is not an http(s) URL: " + e.getReason(), e);
    }
  }

  /** A {@code --server} value; kubectl takes a bare host:port as https. */
  private static URI parseServerFlag(String text) {
    String withScheme = text.contains("://") ? text : "https://" + text;
    try {
      URI uri = new URI(withScheme);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(text, "expected https://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the server \"" + text + "\" given by --server is not an http(s) URL: "
          + e.getReason(), e);
    }
  }

  private static String certificateAuthority(JsonNode cluster, String clusterName, Path file) {
    String data = cluster.path("certificate-authority-data").asString("");
    if (!data.isEmpty()) {
      try {
        return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kubeconfig " + file + ": certificate-authority-data of"
            + " cluster \"" + clusterName + "\" is not base64: " + e.getMessage(), e);
      }
    }
    String path = cluster.path("certificate-authority").asString("");
    if (!path.isEmpty()) {
      return readReferenced(file, path, "certificate-authority of cluster \"" + clusterName + "\"");
    }
    return "";
  }

  private static String readReferenced(Path kubeconfig, String reference, String what) {
    Path dir = kubeconfig.toAbsolutePath().getParent();
    Path path = dir.resolve(reference);
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "kubeconfig " + kubeconfig + ": cannot read " + what + " at " + path + ": " + e, e);
    }
  }
}
