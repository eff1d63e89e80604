package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
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

/**
 * {@code kctl expose deployment|replicaset|pod|service NAME [--port P] [--target-port T]
 * [--type T] [--name N] [--protocol TCP|UDP|SCTP]}: makes a Service that selects the pods of the
 * object, as kubectl does: its selector is the workload's {@code matchLabels} (a pod's labels, a
 * service's selector), its ports are {@code --port} or else the ports the object declares, and it
 * carries the object's labels. Prints {@code service/NAME exposed}.
 */
@Command(name = "expose", description = "Make a Service for a deployment, replica set, pod or service.")
final class ExposeCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..2", paramLabel = "TYPE NAME | TYPE/NAME", description = "What to expose.")
  List<String> args;

  @Option(names = "--port", paramLabel = "PORT", description = "The Service's port (default: the object's ports).")
  Integer port;

  @Option(names = "--target-port", paramLabel = "PORT|NAME", description = "The pods' port (default: --port).")
  String targetPort;

  @Option(names = "--type", paramLabel = "TYPE", description = "ClusterIP (default), NodePort or LoadBalancer.")
  String type;

  @Option(names = "--name", paramLabel = "NAME", description = "The Service's name (default: the object's).")
  String name;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", description = "TCP (default), UDP or SCTP.")
  String protocol;

  @Option(names = {"-l", "--labels"}, paramLabel = "K=V,...", description = "Labels of the Service (default: the object's).")
  String labels;

  @Option(names = "--selector", paramLabel = "K=V,...", description = "The Service's selector (default: from the object).")
  String selector;

  @Option(names = "--dry-run", paramLabel = "none|client|server", defaultValue = "none", arity = "0..1",
      fallbackValue = "client", description = "client: print only; server: let the server check it, store nothing.")
  String dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name.")
  String output;

  @Override
  public Integer call() {
    DryRun mode = DryRun.parse(dryRun);
    Resources.Named target = Resources.named(args, "expose").getFirst();
    Session session = kctl.session();
    ObjectNode object = session.client().get(target.type(), session.namespace(), target.name());
    ObjectNode service = service(target.type(), object);
    ObjectNode shown = service;
    if (mode != DryRun.CLIENT) {
      shown = session.client().create(ResourceTypes.SERVICES, session.namespace(), service,
          new dev.kctl.client.WriteParameters(mode == DryRun.SERVER, "", false));
    }
    String serviceName = service.at("/metadata/name").asString();
    var out = spec.commandLine().getOut();
    switch (output == null ? "" : output) {
      case "" -> out.println(Resources.ref(ResourceTypes.SERVICES, serviceName) + " exposed" + mode.suffix());
      case "name" -> out.println(Resources.ref(ResourceTypes.SERVICES, serviceName));
      case "yaml" -> out.print(ObjectFormat.yaml(ObjectFormat.withKind(shown, ResourceTypes.SERVICES)));
      case "json" -> out.print(ObjectFormat.json(ObjectFormat.withKind(shown, ResourceTypes.SERVICES)));
      default -> throw new CommandException("unable to match a printer suitable for the output format \""
          + output + "\", allowed formats are: json,name,yaml");
    }
    return 0;
  }

  /** The Service for {@code object}, from the flags and what the object declares. */
  ObjectNode service(ResourceType kind, ObjectNode object) {
    ObjectNode service = Json.object();
    service.put("apiVersion", "v1");
    service.put("kind", "Service");
    ObjectNode metadata = service.putObject("metadata");
    metadata.put("name", name != null ? name : object.at("/metadata/name").asString());
    JsonNode ownLabels = labels != null ? pairs(labels) : object.at("/metadata/labels");
    if (ownLabels.isObject() && !ownLabels.isEmpty()) {
      metadata.set("labels", ownLabels.deepCopy());
    }
    ObjectNode spec = service.putObject("spec");
    ArrayNode ports = spec.putArray("ports");
    for (ObjectNode each : ports(kind, object)) {
      ports.add(each);
    }
    spec.set("selector", selector != null ? pairs(selector) : selector(kind, object));
    if (type != null) {
      spec.put("type", type);
    }
    return service;
  }

  private JsonNode selector(ResourceType kind, ObjectNode object) {
    return switch (kind.kind()) {
      case "Deployment", "ReplicaSet" -> {
        if (!object.at("/spec/selector/matchExpressions").isMissingNode()
            && !object.at("/spec/selector/matchExpressions").isEmpty()) {
          throw new CommandException("couldn't convert expressions - \"" + object.at("/spec/selector/matchExpressions")
              + "\" to map-based selector format");
        }
        yield object.at("/spec/selector/matchLabels").deepCopy();
      }
      case "Pod" -> {
        if (object.at("/metadata/labels").isEmpty()) {
          throw new CommandException("the pod has no labels and cannot be exposed");
        }
        yield object.at("/metadata/labels").deepCopy();
      }
      case "Service" -> object.at("/spec/selector").deepCopy();
      default -> throw new CommandException("cannot expose a " + kind.kind());
    };
  }

  /** {@code --port}, or the ports the object declares: its containers' or the service's. */
  private List<ObjectNode> ports(ResourceType kind, ObjectNode object) {
    List<ObjectNode> ports = new ArrayList<>();
    if (port != null) {
      ports.add(port(null, port, targetPort != null ? targetPort : Integer.toString(port), protocol));
      return ports;
    }
    List<JsonNode> declared = new ArrayList<>();
    JsonNode containers = switch (kind.kind()) {
      case "Pod" -> object.at("/spec/containers");
      case "Service" -> Json.array();
      default -> object.at("/spec/template/spec/containers");
    };
    containers.forEach(c -> c.path("ports").forEach(declared::add));
    if (kind.kind().equals("Service")) {
      object.at("/spec/ports").forEach(declared::add);
    }
    if (declared.isEmpty()) {
      throw new CommandException("couldn't find port via --port flag or introspection");
    }
    int i = 0;
    for (JsonNode each : declared) {
      i++;
      int number = each.has("containerPort") ? each.path("containerPort").asInt() : each.path("port").asInt();
      String target = targetPort != null ? targetPort : Integer.toString(number);
      String proto = protocol != null ? protocol : each.path("protocol").asString("TCP");
      ports.add(port(declared.size() == 1 ? null : "port-" + i, number, target, proto));
    }
    return ports;
  }

  private static ObjectNode port(String portName, int number, String target, String proto) {
    ObjectNode port = Json.object();
    if (portName != null) {
      port.put("name", portName);
    }
    port.put("port", number);
    port.put("protocol", proto == null ? "TCP" : proto);
    if (target.chars().allMatch(Character::isDigit)) {
      port.put("targetPort", Integer.parseInt(target));
    } else {
      port.put("targetPort", target);
    }
    return port;
  }

  private static ObjectNode pairs(String text) {
    ObjectNode map = Json.object();
    for (String pair : text.split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new CommandException("invalid label spec: " + pair + " (expected KEY=VALUE)");
      }
      map.put(kv[0].strip(), kv[1].strip());
    }
    return map;
  }
}
