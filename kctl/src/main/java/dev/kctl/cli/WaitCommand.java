package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.cli.jsonpath.JsonPath;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.cli.jsonpath.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl wait TYPE/NAME --for=condition=Ready[=true] | --for=delete |
 * --for=jsonpath='{.status.phase}'=Running [--timeout=30s]}: waits, by watching, until each object
 * meets the condition, printing {@code pod/web condition met}; exit code 1 on timeout.
 */
@Command(name = "wait", description = "Wait until objects meet a condition or are deleted.")
final class WaitCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE NAME | TYPE/NAME", description = "The objects to wait for.")
  List<String> args;

  @Option(names = "--for", required = true, paramLabel = "CONDITION",
      description = "condition=NAME[=VALUE], delete, or jsonpath='{EXPR}'=VALUE.")
  String condition;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to wait for each object (default 30s); 0 checks once.")
  String timeout;

  /** What {@code --for} asks. */
  sealed interface Condition {
    boolean met(JsonNode object);

    record Named(String type, String value) implements Condition {
      @Override
      public boolean met(JsonNode object) {
        for (JsonNode c : object.path("status").path("conditions")) {
          if (c.path("type").asString("").equalsIgnoreCase(type)) {
            return c.path("status").asString("").equalsIgnoreCase(value);
          }
        }
        return false;
      }
    }

    record Deleted() implements Condition {
      @Override
      public boolean met(JsonNode object) {
        return object == null;
      }
    }

    record Field(Path path, String value) implements Condition {
      @Override
      public boolean met(JsonNode object) {
        return path.select(object).stream().anyMatch(v -> JsonPath.text(v).equals(value));
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Condition wanted = parse(condition);
    Duration limit = parseDuration(timeout);
    Session session = kctl.session();
    for (Resources.Named target : Resources.named(args, "wait")) {
      ResourceType type = target.type();
      String namespace = type.namespaced() ? session.namespace() : null;
      if (!await(session.client(), type, namespace, target.name(), wanted, limit)) {
        throw new CommandException("timed out waiting for the condition on " + type.qualifiedResource() + "/" + target.name());
      }
      spec.commandLine().getOut().println(Resources.ref(type, target.name()) + " condition met");
    }
    return 0;
  }

  static boolean await(Client client, ResourceType type, String namespace, String name, Condition wanted,
      Duration limit) throws InterruptedException {
    JsonNode current;
    try {
      current = client.get(type, namespace, name);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      if (wanted instanceof Condition.Deleted) {
        return true;
      }
      throw e;
    }
    if (wanted.met(current)) {
      return true;
    }
    if (limit.isZero()) {
      return false;
    }
    BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    ListOptions options = ListOptions.NONE.withFieldSelector("metadata.name=" + name)
        .withResourceVersion(current.path("metadata").path("resourceVersion").asString(""));
    Watch watch = client.watch(type, namespace, options, new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        events.add(event);
      }

      @Override
      public void onClose(ApiException cause) {
        events.add(new WatchEvent(WatchEvent.Type.BOOKMARK, null));
      }
    });
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (true) {
        WatchEvent event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          return false;
        }
        switch (event.type()) {
          case DELETED -> {
            if (wanted instanceof Condition.Deleted) {
              return true;
            }
          }
          case ADDED, MODIFIED -> {
            if (wanted.met(event.object())) {
              return true;
            }
          }
          case BOOKMARK -> {
            if (event.object() == null) {
              // The stream ended before the deadline: look again, then give up only on time.
              return await(client, type, namespace, name, wanted,
                  Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
          }
          case ERROR -> throw ApiException.fromStatus(event.object(), event.object().path("code").asInt(500));
        }
      }
    } finally {
      watch.close();
    }
  }

  static Condition parse(String text) {
    if (text.equalsIgnoreCase("delete")) {
      return new Condition.Deleted();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("condition=")) {
      String[] parts = text.substring("condition=".length()).split("=", 2);
      return new Condition.Named(parts[0], parts.length > 1 ? parts[1] : "true");
    }
    if (lower.startsWith("jsonpath=")) {
      String rest = text.substring("jsonpath=".length());
      int close = rest.lastIndexOf('}');
      if (!rest.startsWith("{") || close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '=') {
        throw new CommandException("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3");
      }
      return new Condition.Field(JsonPath.expression(rest.substring(0, close + 1)), rest.substring(close + 2));
    }
    throw new CommandException("unrecognized condition: \"" + text + "\"; use condition=NAME[=VALUE], delete or"
        + " jsonpath='{EXPR}'=VALUE");
  }

  /** Go-style durations as kubectl takes them: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 0}. */
  static Duration parseDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long nanos = (long) (amount * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      });
      total = total.plusNanos(nanos);
      end = m.end();
    }
    if (end != text.length() || text.isEmpty()) {
      throw new CommandException("invalid duration \"" + text + "\": use e.g. 30s, 5m or 1h");
    }
    return total;
  }
}
