package dev.kctl.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The commands that read the server's discovery documents ({@code /api}, {@code /apis}) and
 * {@code /version}: api-resources, api-versions, version and cluster-info.
 */
final class DiscoveryCommands {
  private DiscoveryCommands() {}

  /** One served resource, from a group version's resource list. */
  record Served(String group, String groupVersion, JsonNode resource) {}

  /** Every top-level resource the server lists, core group first, then groups by name. */
  static List<Served> resources(ServerPaths paths) {
    List<Served> served = new ArrayList<>();
    for (JsonNode version : paths.get("/api").path("versions")) {
      addResources(paths, "", version.asString(""), "/api/" + version.asString(""), served);
    }
    for (JsonNode group : paths.get("/apis").path("groups")) {
      String preferred = group.path("preferredVersion").path("groupVersion").asString("");
      addResources(paths, group.path("name").asString(""), preferred, "/apis/" + preferred, served);
    }
    served.sort(Comparator.comparing(Served::group));
    return served;
  }

  private static void addResources(ServerPaths paths, String group, String groupVersion, String path,
      List<Served> served) {
    for (JsonNode resource : paths.get(path).path("resources")) {
      if (!resource.path("name").asString("").contains("/")) {
        served.add(new Served(group, groupVersion, resource));
      }
    }
  }

  private static String join(JsonNode values) {
    List<String> texts = new ArrayList<>();
    values.forEach(v -> texts.add(v.asString("")));
    return String.join(",", texts);
  }

  /** {@code kctl api-resources}: the resource types the server serves. */
  @Command(name = "api-resources", description = "List the resource types the server serves.")
  static final class ApiResources implements Callable<Integer> {
    @ParentCommand Kctl kctl;
    @Spec CommandSpec spec;

    @Option(names = "--namespaced", paramLabel = "true|false", description = "Only namespaced (true) or cluster-wide (false) types.")
    Boolean namespaced;

    @Option(names = "--api-group", paramLabel = "GROUP", description = "Only this group (\"\" for the core group).")
    String apiGroup;

    @Option(names = {"-o", "--output"}, paramLabel = "wide|name", description = "wide adds verbs and categories; name prints names only.")
    String output;

    @Option(names = "--no-headers", description = "Leave out the header line.")
    boolean noHeaders;

    @Override
    public Integer call() {
      boolean wide = "wide".equals(output);
      List<String> headers = new ArrayList<>(List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"));
      if (wide) {
        headers.addAll(List.of("VERBS", "CATEGORIES"));
      }
      List<List<String>> rows = new ArrayList<>();
      var out = spec.commandLine().getOut();
      for (Served served : resources(kctl.session().paths())) {
        JsonNode r = served.resource();
        if (namespaced != null && r.path("namespaced").asBoolean() != namespaced
            || apiGroup != null && !apiGroup.equals(served.group())) {
          continue;
        }
        String name = r.path("name").asString("");
        if ("name".equals(output)) {
          out.println(served.group().isEmpty() ? name : name + "." + served.group());
          continue;
        }
        List<String> row = new ArrayList<>(List.of(name, join(r.path("shortNames")), served.groupVersion(),
            Boolean.toString(r.path("namespaced").asBoolean()), r.path("kind").asString("")));
        if (wide) {
          row.add(join(r.path("verbs")));
          row.add(join(r.path("categories")));
        }
        rows.add(row);
      }
      if (!"name".equals(output)) {
        new TableView(headers, rows).lines().stream().skip(noHeaders ? 1 : 0).forEach(out::println);
      }
      return 0;
    }
  }

  /** {@code kctl api-versions}: every group/version the server serves, sorted. */
  @Command(name = "api-versions", description = "List the API versions the server serves.")
  static final class ApiVersions implements Callable<Integer> {
    @ParentCommand Kctl kctl;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServerPaths paths = kctl.session().paths();
      TreeSet<String> versions = new TreeSet<>();
      paths.get("/api").path("versions").forEach(v -> versions.add(v.asString("")));
      for (JsonNode group : paths.get("/apis").path("groups")) {
        group.path("versions").forEach(v -> versions.add(v.path("groupVersion").asString("")));
      }
      versions.forEach(spec.commandLine().getOut()::println);
      return 0;
    }
  }

  /** {@code kctl version [--client] [-o json|yaml]}. */
  @Command(name = "version", description = "Print the client and server versions.")
  static final class Version implements Callable<Integer> {
    @ParentCommand Kctl kctl;
    @Spec CommandSpec spec;

    @Option(names = "--client", description = "Only the client's version; no server needed.")
    boolean client;

    @Option(names = {"-o", "--output"}, paramLabel = "json|yaml", description = "Print as JSON or YAML.")
    String output;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      if (output == null && client) {
        // The common case needs no JSON machinery, which keeps it as fast as kctl can start.
        out.println("Client Version: " + Kctl.version());
        return 0;
      }
      var versions = dev.kctl.codec.Json.object();
      versions.putObject("clientVersion").put("gitVersion", Kctl.version()).put("platform",
          System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + System.getProperty("os.arch"));
      if (!client) {
        versions.set("serverVersion", kctl.session().paths().get("/version"));
      }
      switch (output == null ? "" : output) {
        case "json" -> out.print(ObjectFormat.json(versions));
        case "yaml" -> out.print(ObjectFormat.yaml(versions));
        case "" -> {
          out.println("Client Version: " + Kctl.version());
          if (!client) {
            out.println("Server Version: " + versions.path("serverVersion").path("gitVersion").asString(""));
          }
        }
        default -> throw new CommandException("--output must be 'yaml' or 'json'");
      }
      return 0;
    }
  }

  /** {@code kctl cluster-info}: where the control plane answers. */
  @Command(name = "cluster-info", description = "Print where the control plane runs.")
  static final class ClusterInfo implements Callable<Integer> {
    @ParentCommand Kctl kctl;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Session session = kctl.session();
      // Reading /version proves the server answers before saying it runs.
      session.paths().get("/version");
      var out = spec.commandLine().getOut();
      out.println("Kubernetes control plane is running at " + session.server().toString().replaceFirst("/$", ""));
      out.println();
      out.println("To see what is happening in the cluster, use 'kctl events -A'.");
      return 0;
    }
  }
}
