package dev.kctl.cli;

import dev.kctl.api.MetricsTypes;
import dev.kctl.api.Quantity;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl top node|pod}: the CPU and memory use of nodes or pods, read from the metrics API
 * ({@code metrics.k8s.io/v1beta1}) and printed as kubectl 1.32 prints it: CPU in millicores
 * ({@code 250m}), memory in MiB ({@code 64Mi}), for nodes also as a share of their allocatable
 * resources, in columns laid out by kubectl's tab writer (at least 6 wide, 3 spaces apart).
 */
@Command(name = "top", description = "Display resource (CPU/memory) usage of nodes or pods.",
    subcommands = {TopCommand.Node.class, TopCommand.Pod.class})
final class TopCommand {
  /** How long kubectl expects a new pod to wait for its first metrics before that is an error. */
  private static final Duration METRICS_DELAY = Duration.ofMinutes(2);
  private static final String UNKNOWN = "<unknown>";

  @ParentCommand Kctl kctl;

  /** What both subcommands share: the selector, the order and the header switch. */
  @Command
  abstract static class Action implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this one.")
    String name;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
        description = "Label selector to filter on, e.g. app=web.")
    String selector = "";

    @Option(names = "--sort-by", paramLabel = "cpu|memory", description = "Sort by cpu or memory use, highest first.")
    String sortBy = "";

    @Option(names = "--no-headers", description = "Leave out the header line.")
    boolean noHeaders;

    Session session() {
      return top.kctl.session();
    }

    /** kubectl's checks, before any request. */
    void validate() {
      if (!sortBy.isEmpty() && !sortBy.equals("cpu") && !sortBy.equals("memory")) {
        throw new CommandException("--sort-by accepts only cpu or memory");
      }
      if (name != null && !selector.isEmpty()) {
        throw new CommandException("only one of NAME or --selector can be provided");
      }
      boolean served = false;
      for (JsonNode group : session().paths().get("/apis").path("groups")) {
        if (group.path("name").asString("").equals(MetricsTypes.GROUP)) {
          for (JsonNode version : group.path("versions")) {
            served |= version.path("version").asString("").equals(MetricsTypes.VERSION);
          }
        }
      }
      if (!served) {
        throw new CommandException("Metrics API not available");
      }
    }

    ListOptions options() {
      return selector.isEmpty() ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
    }

    /** Highest use first for {@code --sort-by}, else by name. */
    Comparator<Usage> order() {
      Comparator<Usage> byName = Comparator.comparing(Usage::name);
      return switch (sortBy) {
        case "cpu" -> Comparator.comparingLong((Usage u) -> u.cpu().milliValue()).reversed().thenComparing(byName);
        case "memory" -> Comparator.comparingLong((Usage u) -> u.memory().value()).reversed().thenComparing(byName);
        default -> byName;
      };
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** {@code kctl top node [NAME | -l SELECTOR]}. */
  @Command(name = "node", aliases = {"nodes", "no"}, description = "Display resource (CPU/memory) usage of nodes.")
  static final class Node extends Action {
    @Override
    public Integer call() {
      validate();
      Session session = session();
      List<JsonNode> metrics = new ArrayList<>();
      List<JsonNode> nodes = new ArrayList<>();
      if (name != null) {
        metrics.add(session.client().get(MetricsTypes.NODES, null, name));
        nodes.add(session.client().get(ResourceTypes.NODES, null, name));
      } else {
        session.client().list(MetricsTypes.NODES, null, options()).path("items").forEach(metrics::add);
        session.client().list(ResourceTypes.NODES, null, options()).path("items").forEach(nodes::add);
      }
      if (metrics.isEmpty()) {
        throw new CommandException("metrics not available yet");
      }
      Map<String, JsonNode> allocatable = new LinkedHashMap<>();
      nodes.forEach(n -> allocatable.put(n.path("metadata").path("name").asString(""), n.path("status").path("allocatable")));
      List<Usage> usages = metrics.stream().map(m -> Usage.of(m.path("metadata").path("name").asString(""), m.path("usage")))
          .sorted(order()).toList();
      TabWriter table = new TabWriter(6, 3);
      if (!noHeaders) {
        table.write("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n");
      }
      for (Usage usage : usages) {
        JsonNode available = allocatable.remove(usage.name());
        table.write(usage.name() + "\t" + cpu(usage.cpu()) + "\t" + percent(usage.cpu().milliValue(), available, "cpu")
            + memory(usage.memory()) + "\t" + percent(usage.memory().milliValue(), available, "memory") + "\n");
      }
      // Nodes without metrics (not Ready, or their kletd did not answer) are listed last, as kubectl does.
      allocatable.keySet().forEach(n -> table.write(n + ("\t" + UNKNOWN).repeat(4) + "\t\n"));
      out().print(table.text());
      return 0;
    }

    /** {@code 12%\t} of the node's allocatable amount; nothing (not even the cell) when that is unknown. */
    private static String percent(long milliUsed, JsonNode allocatable, String resource) {
      if (allocatable == null || !allocatable.has(resource)) {
        return "";
      }
      long available = Quantity.parse(allocatable.path(resource).asString("0")).milliValue();
      long share = available == 0 ? 0 : (long) ((double) milliUsed / available * 100);
      return share + "%\t";
    }
  }

  /** {@code kctl top pod [NAME | -l SELECTOR] [-A] [--containers]}. */
  @Command(name = "pod", aliases = {"pods", "po"}, description = "Display resource (CPU/memory) usage of pods.")
  static final class Pod extends Action {
    @Option(names = {"-A", "--all-namespaces"}, description = "Pods of all namespaces.")
    boolean allNamespaces;

    @Option(names = "--containers", description = "Show the usage of each container of the pods.")
    boolean containers;

    @Override
    public Integer call() {
      validate();
      Session session = session();
      String namespace = allNamespaces ? null : session.namespace();
      List<JsonNode> metrics = new ArrayList<>();
      if (name != null) {
        metrics.add(session.client().get(MetricsTypes.PODS, session.namespace(), name));
      } else {
        session.client().list(MetricsTypes.PODS, namespace, options()).path("items").forEach(metrics::add);
      }
      if (metrics.isEmpty()) {
        explainNoMetrics(namespace);
        spec.commandLine().getErr().println(allNamespaces ? "No resources found"
            : "No resources found in " + session.namespace() + " namespace.");
        return 0;
      }
      TabWriter table = new TabWriter(6, 3);
      if (!noHeaders) {
        table.write((allNamespaces ? "NAMESPACE\t" : "") + (containers ? "POD\t" : "")
            + "NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
      }
      Comparator<JsonNode> byPod = Comparator.comparing(m -> podUsage(m), order());
      if (allNamespaces && sortBy.isEmpty()) {
        byPod = Comparator.comparing((JsonNode m) -> m.path("metadata").path("namespace").asString("")).thenComparing(byPod);
      }
      for (JsonNode m : metrics.stream().sorted(byPod).toList()) {
        String prefix = allNamespaces ? m.path("metadata").path("namespace").asString("") + "\t" : "";
        if (containers) {
          List<Usage> each = new ArrayList<>();
          m.path("containers").forEach(c -> each.add(Usage.of(c.path("name").asString(""), c.path("usage"))));
          each.sort(order());
          each.forEach(c -> table.write(prefix + m.path("metadata").path("name").asString("") + "\t" + row(c)));
        } else {
          table.write(prefix + row(podUsage(m)));
        }
      }
      out().print(table.text());
      return 0;
    }

    /** The pod's use: the sum of its containers'. */
    private static Usage podUsage(JsonNode metrics) {
      Quantity cpu = Quantity.ZERO;
      Quantity memory = Quantity.ZERO;
      for (JsonNode c : metrics.path("containers")) {
        Usage usage = Usage.of("", c.path("usage"));
        cpu = cpu.plus(usage.cpu());
        memory = memory.plus(usage.memory());
      }
      return new Usage(metrics.path("metadata").path("name").asString(""), cpu, memory);
    }

    private static String row(Usage usage) {
      return usage.name() + "\t" + cpu(usage.cpu()) + "\t" + memory(usage.memory()) + "\t\n";
    }

    /**
     * kubectl's reasons for an empty answer when pods exist: their metrics are not ready yet, or
     * (for a pod older than two minutes) they are missing.
     */
    private void explainNoMetrics(String namespace) {
      Session session = session();
      List<JsonNode> pods = new ArrayList<>();
      if (name != null) {
        pods.add(session.client().get(ResourceTypes.PODS, session.namespace(), name));
      } else {
        session.client().list(ResourceTypes.PODS, namespace, options()).path("items").forEach(pods::add);
      }
      if (pods.isEmpty()) {
        return;
      }
      Instant now = session.clock().instant();
      for (JsonNode pod : pods) {
        Instant created = Ages.parse(pod.path("metadata").path("creationTimestamp").asString(""));
        Duration age = created == null ? Duration.ZERO : Duration.between(created, now);
        if (age.compareTo(METRICS_DELAY) > 0) {
          throw new CommandException("Metrics not available for pod %s/%s, age: %s".formatted(
              pod.path("metadata").path("namespace").asString(""), pod.path("metadata").path("name").asString(""),
              goDuration(age)));
        }
      }
      throw new CommandException("metrics not available yet");
    }
  }

  /** One row's figures. */
  record Usage(String name, Quantity cpu, Quantity memory) {
    static Usage of(String name, JsonNode usage) {
      return new Usage(name, Quantity.parse(usage.path("cpu").asString("0")),
          Quantity.parse(usage.path("memory").asString("0")));
    }
  }

  /** Millicores, rounded up: {@code 250m}. */
  static String cpu(Quantity cpu) {
    return cpu.milliValue() + "m";
  }

  /** Whole MiB, rounded down: {@code 64Mi}. */
  static String memory(Quantity memory) {
    return memory.value() / (1024 * 1024) + "Mi";
  }

  /** A duration as Go prints one: {@code 2m30.5s}, {@code 1h0m0s}. */
  static String goDuration(Duration d) {
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    String seconds = java.math.BigDecimal.valueOf(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart(), 9)
        .stripTrailingZeros().toPlainString() + "s";
    return hours > 0 ? hours + "h" + minutes + "m" + seconds : minutes > 0 ? minutes + "m" + seconds : seconds;
  }
}
