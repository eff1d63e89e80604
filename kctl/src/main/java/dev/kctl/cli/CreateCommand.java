package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.WriteParameters;
import dev.kctl.codec.Json;
import dev.kctl.codec.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl create -f FILE}: creates the objects of manifests, each failing if it exists (where
 * apply would update it). {@code kctl create deployment|namespace|configmap|secret generic|job NAME
 * ...}: builds the object kubectl would build from the flags and creates it, or with
 * {@code --dry-run=client} prints it ({@code -o yaml} gives a manifest to start from).
 */
@Command(name = "create", description = "Create objects from manifests (-f), or one object from flags.",
    subcommands = {CreateCommand.Deployment.class, CreateCommand.Namespace.class, CreateCommand.ConfigMap.class,
        CreateCommand.Secret.class, CreateCommand.Job.class})
final class CreateCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Mixin ManifestOptions manifestFiles;

  @Option(names = "--dry-run", paramLabel = "none|client|server", defaultValue = "none", arity = "0..1",
      fallbackValue = "client", description = "client: only print what would be created; server: let the server"
          + " check and admit each object without storing it.")
  String dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "name: print only kind/name.")
  String output;

  /** Creates what the {@code -f} manifests hold; an object that fails does not stop the others. */
  @Override
  public Integer call() {
    if (output != null && !output.equals("name")) {
      throw new CommandException("unable to match a printer suitable for the output format \"" + output
          + "\", allowed formats are: name");
    }
    DryRun mode = DryRun.parse(dryRun);
    Session session = kctl.session();
    List<ManifestTarget> targets = new ArrayList<>();
    for (Manifest manifest : manifestFiles.read(session)) {
      targets.add(ManifestTarget.of(manifest, session));
    }
    if (targets.isEmpty()) {
      throw new CommandException("no objects passed to create");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    for (ManifestTarget target : targets) {
      try {
        if (mode != DryRun.CLIENT) {
          session.client().create(target.type(), target.namespace(), target.config(),
              new WriteParameters(mode == DryRun.SERVER, "", false));
        }
        String ref = Resources.ref(target.type(), target.manifest().name());
        out.println(output == null ? ref + " created" + mode.suffix() : ref);
      } catch (ApiException e) {
        failures++;
        err.println(ApplyCommand.describe(e, target.manifest(), "creating"));
      }
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  /** What every create subcommand shares: the name, dry run and output flags, and the creating. */
  @Command
  abstract static class Creator implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The new object's name.")
    String name;

    @Option(names = "--dry-run", paramLabel = "none|client", defaultValue = "none", arity = "0..1",
        fallbackValue = "client", description = "client: print the object instead of creating it.")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name.")
    String output;

    abstract Kctl kctl();

    abstract ResourceType type();

    /** The object to create, without namespace (added for namespaced types). */
    abstract ObjectNode build() throws IOException;

    @Override
    public Integer call() throws IOException {
      if (!List.of("none", "client").contains(dryRun)) {
        throw new CommandException("Invalid dry-run value (" + dryRun + "). Must be \"none\" or \"client\".");
      }
      ObjectNode object = build();
      Session session = kctl().session();
      ResourceType type = type();
      if (type.namespaced() && (session.namespaceGiven() || !dryRun.equals("client"))) {
        ((ObjectNode) object.get("metadata")).put("namespace", session.namespace());
      }
      ObjectNode shown = object;
      if (dryRun.equals("none")) {
        shown = session.client().create(type, type.namespaced() ? session.namespace() : null, object);
      }
      String suffix = dryRun.equals("client") ? " (dry run)" : "";
      var out = spec.commandLine().getOut();
      switch (output == null ? "" : output) {
        case "" -> out.println(Resources.ref(type, name) + " created" + suffix);
        case "name" -> out.println(Resources.ref(type, name));
        case "yaml" -> out.print(ObjectFormat.yaml(ObjectFormat.withKind(shown, type)));
        case "json" -> out.print(ObjectFormat.json(ObjectFormat.withKind(shown, type)));
        default -> throw new CommandException("unable to match a printer suitable for the output format \""
            + output + "\", allowed formats are: json,name,yaml");
      }
      return 0;
    }

    ObjectNode object(String apiVersion, String kind) {
      ObjectNode object = Json.object();
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      object.putObject("metadata").put("name", name);
      return object;
    }
  }

  /** {@code create deployment NAME --image=IMAGE [--replicas=N] [--port=P]}. */
  @Command(name = "deployment", aliases = "deploy", description = "Create a deployment running the given images.")
  static final class Deployment extends Creator {
    @ParentCommand CreateCommand create;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "An image to run. Repeatable.")
    List<String> images;

    @Option(names = {"-r", "--replicas"}, paramLabel = "N", defaultValue = "1", description = "Replicas (default 1).")
    int replicas;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "-1", description = "The port the containers expose.")
    int port;

    @Override
    Kctl kctl() {
      return create.kctl;
    }

    @Override
    ResourceType type() {
      return ResourceTypes.DEPLOYMENTS;
    }

    @Override
    ObjectNode build() {
      ObjectNode deployment = object("apps/v1", "Deployment");
      ((ObjectNode) deployment.get("metadata")).putObject("labels").put("app", name);
      ObjectNode spec = deployment.putObject("spec");
      spec.put("replicas", replicas);
      spec.putObject("selector").putObject("matchLabels").put("app", name);
      spec.putObject("strategy");
      ObjectNode template = spec.putObject("template");
      template.putObject("metadata").putObject("labels").put("app", name);
      ArrayNode containers = template.putObject("spec").putArray("containers");
      for (String image : images) {
        ObjectNode container = containers.addObject();
        container.put("image", image);
        container.put("name", containerName(image));
        if (port >= 0) {
          container.putArray("ports").addObject().put("containerPort", port);
        }
        container.putObject("resources");
      }
      deployment.putObject("status");
      return deployment;
    }

    /** The container name kubectl derives from an image: its last path part, without tag or digest. */
    static String containerName(String image) {
      String name = image.substring(image.lastIndexOf('/') + 1);
      name = name.split("@", 2)[0].split(":", 2)[0];
      return name.replaceAll("[^a-z0-9-]", "-");
    }
  }

  /** {@code create namespace NAME}. */
  @Command(name = "namespace", aliases = "ns", description = "Create a namespace.")
  static final class Namespace extends Creator {
    @ParentCommand CreateCommand create;

    @Override
    Kctl kctl() {
      return create.kctl;
    }

    @Override
    ResourceType type() {
      return ResourceTypes.NAMESPACES;
    }

    @Override
    ObjectNode build() {
      ObjectNode namespace = object("v1", "Namespace");
      namespace.putObject("spec");
      namespace.putObject("status");
      return namespace;
    }
  }

  /** The {@code --from-literal}, {@code --from-file} and {@code --from-env-file} flags. */
  @Command
  abstract static class FromData extends Creator {
    @Option(names = "--from-literal", paramLabel = "KEY=VALUE", description = "A key and its value. Repeatable.")
    List<String> literals = List.of();

    @Option(names = "--from-file", paramLabel = "[KEY=]FILE", description = "A file's content, under its name or KEY. Repeatable.")
    List<String> files = List.of();

    @Option(names = "--from-env-file", paramLabel = "FILE", description = "KEY=VALUE lines of a file.")
    List<Path> envFiles = List.of();

    /** The keys and (text) values of all flags, in order. */
    Map<String, byte[]> data() throws IOException {
      Map<String, byte[]> data = new LinkedHashMap<>();
      for (String literal : literals) {
        int equals = literal.indexOf('=');
        if (equals <= 0) {
          throw new CommandException("invalid literal source " + literal + ", expected key=value");
        }
        data.put(literal.substring(0, equals), literal.substring(equals + 1).getBytes(StandardCharsets.UTF_8));
      }
      for (String file : files) {
        int equals = file.indexOf('=');
        Path path = kctl().session().path(equals > 0 ? file.substring(equals + 1) : file);
        data.put(equals > 0 ? file.substring(0, equals) : path.getFileName().toString(), Files.readAllBytes(path));
      }
      for (Path envFile : envFiles) {
        for (String line : Files.readAllLines(kctl().session().path(envFile.toString()))) {
          String trimmed = line.strip();
          if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            continue;
          }
          int equals = trimmed.indexOf('=');
          data.put(equals < 0 ? trimmed : trimmed.substring(0, equals),
              (equals < 0 ? "" : trimmed.substring(equals + 1)).getBytes(StandardCharsets.UTF_8));
        }
      }
      return data;
    }
  }

  /** {@code create configmap NAME --from-literal=k=v --from-file=path}. */
  @Command(name = "configmap", aliases = "cm", description = "Create a config map from literals and files.")
  static final class ConfigMap extends FromData {
    @ParentCommand CreateCommand create;

    @Override
    Kctl kctl() {
      return create.kctl;
    }

    @Override
    ResourceType type() {
      return ResourceTypes.CONFIGMAPS;
    }

    @Override
    ObjectNode build() throws IOException {
      ObjectNode configMap = object("v1", "ConfigMap");
      Map<String, byte[]> data = data();
      if (!data.isEmpty()) {
        ObjectNode values = configMap.putObject("data");
        data.forEach((k, v) -> values.put(k, new String(v, StandardCharsets.UTF_8)));
      }
      return configMap;
    }
  }

  /** {@code create secret generic NAME ...}. */
  @Command(name = "secret", description = "Create a secret.", subcommands = Generic.class)
  static final class Secret {
    @ParentCommand CreateCommand create;
  }

  /** {@code create secret generic NAME --from-literal=k=v [--type=T]}. */
  @Command(name = "generic", description = "Create a secret from literals and files.")
  static final class Generic extends FromData {
    @ParentCommand Secret secret;

    @Option(names = "--type", paramLabel = "TYPE", description = "The secret's type (default Opaque).")
    String type;

    @Override
    Kctl kctl() {
      return secret.create.kctl;
    }

    @Override
    ResourceType type() {
      return ResourceTypes.SECRETS;
    }

    @Override
    ObjectNode build() throws IOException {
      ObjectNode object = object("v1", "Secret");
      Map<String, byte[]> data = data();
      if (!data.isEmpty()) {
        ObjectNode values = object.putObject("data");
        data.forEach((k, v) -> values.put(k, Base64.getEncoder().encodeToString(v)));
      }
      if (type != null) {
        object.put("type", type);
      }
      return object;
    }
  }

  /** {@code create job NAME --image=IMAGE [-- COMMAND ARGS...]}. */
  @Command(name = "job", description = "Create a job running an image once.")
  static final class Job extends Creator {
    @ParentCommand CreateCommand create;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The image to run.")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command = new ArrayList<>();

    @Override
    Kctl kctl() {
      return create.kctl;
    }

    @Override
    ResourceType type() {
      return ResourceTypes.JOBS;
    }

    @Override
    ObjectNode build() {
      ObjectNode job = object("batch/v1", "Job");
      ObjectNode template = job.putObject("spec").putObject("template");
      template.putObject("metadata");
      ObjectNode podSpec = template.putObject("spec");
      ObjectNode container = podSpec.putArray("containers").addObject();
      if (!command.isEmpty()) {
        ArrayNode words = container.putArray("command");
        command.forEach(words::add);
      }
      container.put("image", image);
      container.put("name", name);
      container.putObject("resources");
      podSpec.put("restartPolicy", "Never");
      job.putObject("status");
      return job;
    }
  }
}
