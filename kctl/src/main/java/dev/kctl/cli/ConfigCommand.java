package dev.kctl.cli;

import dev.kctl.client.KubeConfig;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * {@code kctl config view|get-contexts|current-context|use-context|set-context}: reads and edits
 * the kubeconfig file kctl uses (found as kubectl finds it), without contacting the server.
 */
@Command(name = "config", description = "Show or change the kubeconfig.",
    subcommands = {ConfigCommand.View.class, ConfigCommand.GetContexts.class, ConfigCommand.CurrentContext.class,
        ConfigCommand.UseContext.class, ConfigCommand.SetContext.class})
final class ConfigCommand {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .build();

  @ParentCommand Kctl kctl;

  /** The kubeconfig file and its content, for the subcommands. */
  @Command
  abstract static class Action implements Callable<Integer> {
    @ParentCommand ConfigCommand config;
    @Spec CommandSpec spec;

    Path file() {
      return config.kctl.session().environment().kubeconfig(config.kctl.kubeconfig);
    }

    ObjectNode read() throws IOException {
      JsonNode root = YAML.readTree(Files.readString(file(), StandardCharsets.UTF_8));
      return root instanceof ObjectNode object ? object : Json.object();
    }

    void write(ObjectNode root) throws IOException {
      // Writing in place keeps the file's owner-only permissions.
      Files.writeString(file(), YAML.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    static ObjectNode named(ObjectNode root, String list, String name) {
      for (JsonNode entry : root.path(list)) {
        if (entry.path("name").asString("").equals(name)) {
          return (ObjectNode) entry;
        }
      }
      return null;
    }
  }

  /** {@code config view [--raw] [--minify] [-o json]}: the file, secrets hidden unless --raw. */
  @Command(name = "view", description = "Print the kubeconfig, with secrets hidden.")
  static final class View extends Action {
    @Option(names = "--raw", description = "Show certificates and tokens too.")
    boolean raw;

    @Option(names = "--minify", description = "Only the current context, its cluster and user.")
    boolean minify;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", defaultValue = "yaml", description = "yaml (default) or json.")
    String output;

    @Override
    public Integer call() throws IOException {
      ObjectNode root = read();
      if (minify) {
        String current = root.path("current-context").asString("");
        ObjectNode context = named(root, "contexts", current);
        if (context == null) {
          throw new CommandException("current-context must exist in order to minify");
        }
        keepOnly(root, "contexts", current);
        keepOnly(root, "clusters", context.path("context").path("cluster").asString(""));
        keepOnly(root, "users", context.path("context").path("user").asString(""));
      }
      if (!raw) {
        redact(root);
      }
      JsonNode sorted = sorted(root);
      spec.commandLine().getOut().print(output.equals("json") ? ObjectFormat.json(sorted) : YAML.writeValueAsString(sorted));
      return 0;
    }

    private static void keepOnly(ObjectNode root, String list, String name) {
      ArrayNode kept = Json.array();
      root.path(list).forEach(entry -> {
        if (entry.path("name").asString("").equals(name)) {
          kept.add(entry);
        }
      });
      root.set(list, kept);
    }

    private static void redact(JsonNode node) {
      if (node instanceof ObjectNode object) {
        for (String field : List.copyOf(object.propertyNames())) {
          switch (field) {
            case "certificate-authority-data", "client-certificate-data", "client-key-data" -> object.put(field, "DATA+OMITTED");
            case "token", "password" -> object.put(field, "REDACTED");
            default -> redact(object.get(field));
          }
        }
      } else if (node.isArray()) {
        node.forEach(View::redact);
      }
    }

    /** Keys in alphabetical order, as kubectl prints the file. */
    private static JsonNode sorted(JsonNode node) {
      if (node instanceof ObjectNode object) {
        Map<String, JsonNode> fields = new TreeMap<>();
        object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
        ObjectNode copy = Json.object();
        fields.forEach(copy::set);
        return copy;
      }
      if (node instanceof ArrayNode array) {
        ArrayNode copy = Json.array();
        array.forEach(item -> copy.add(sorted(item)));
        return copy;
      }
      return node;
    }
  }

  /** {@code config get-contexts}: a table of the contexts, the current one starred. */
  @Command(name = "get-contexts", description = "List the contexts of the kubeconfig.")
  static final class GetContexts extends Action {
    @Option(names = {"-o", "--output"}, paramLabel = "name", description = "name: only the names.")
    String output;

    @Override
    public Integer call() throws IOException {
      ObjectNode root = read();
      String current = root.path("current-context").asString("");
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode entry : root.path("contexts")) {
        String name = entry.path("name").asString("");
        if ("name".equals(output)) {
          spec.commandLine().getOut().println(name);
          continue;
        }
        JsonNode context = entry.path("context");
        rows.add(List.of(name.equals(current) ? "*" : "", name, context.path("cluster").asString(""),
            context.path("user").asString(""), context.path("namespace").asString("")));
      }
      if (!"name".equals(output)) {
        new TableView(List.of("CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"), rows).lines()
            .forEach(spec.commandLine().getOut()::println);
      }
      return 0;
    }
  }

  /** {@code config current-context}. */
  @Command(name = "current-context", description = "Print the name of the current context.")
  static final class CurrentContext extends Action {
    @Override
    public Integer call() throws IOException {
      String current = read().path("current-context").asString("");
      if (current.isEmpty()) {
        throw new CommandException("current-context is not set");
      }
      spec.commandLine().getOut().println(current);
      return 0;
    }
  }

  /** {@code config use-context NAME}. */
  @Command(name = "use-context", description = "Make a context the current one.")
  static final class UseContext extends Action {
    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The context's name.")
    String name;

    @Override
    public Integer call() throws IOException {
      ObjectNode root = read();
      if (named(root, "contexts", name) == null) {
        throw new CommandException("no context exists with the name: \"" + name + "\"");
      }
      root.put("current-context", name);
      write(root);
      spec.commandLine().getOut().println("Switched to context \"" + name + "\".");
      return 0;
    }
  }

  /** {@code config set-context [NAME | --current] [--namespace=NS] [--cluster=C] [--user=U]}. */
  @Command(name = "set-context", description = "Create or change a context.")
  static final class SetContext extends Action {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", description = "The context (or use --current).")
    String name;

    @Option(names = "--current", description = "Change the current context.")
    boolean current;

    @Override
    public Integer call() throws IOException {
      ObjectNode root = read();
      if (current == (name != null)) {
        throw new CommandException("you must specify a context name or --current");
      }
      String target = current ? root.path("current-context").asString("") : name;
      if (target.isEmpty()) {
        throw new CommandException("no current context is set");
      }
      ObjectNode entry = named(root, "contexts", target);
      boolean created = entry == null;
      if (created) {
        ArrayNode contexts = root.path("contexts") instanceof ArrayNode list ? list : root.putArray("contexts");
        entry = contexts.addObject().put("name", target);
        entry.putObject("context");
      }
      ObjectNode context = entry.path("context") instanceof ObjectNode c ? c : entry.putObject("context");
      // --namespace is kctl's global option; here it names the context's namespace.
      String namespace = config.kctl.namespace;
      if (namespace != null) {
        context.put("namespace", namespace);
      }
      // --cluster and --user are global options too; here they name the context's entries.
      if (config.kctl.cluster != null) {
        context.put("cluster", config.kctl.cluster);
      }
      if (config.kctl.user != null) {
        context.put("user", config.kctl.user);
      }
      write(root);
      spec.commandLine().getOut().println("Context \"" + target + "\" " + (created ? "created" : "modified") + ".");
      return 0;
    }
  }
}
