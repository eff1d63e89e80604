package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl logs POD | -l SELECTOR [-c CONTAINER | --all-containers] [-f] [--tail N] [-p]
 * [--since 5m | --since-time RFC3339] [--timestamps] [--prefix]}: copies containers' logs to
 * stdout as the server streams them. Several logs (a selector, all containers) are printed one
 * after the other, or with {@code -f} side by side as their lines arrive, each line whole;
 * {@code --prefix} starts every line with {@code [pod/NAME/CONTAINER]}.
 */
@Command(name = "logs", description = "Print the logs of containers of pods.")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "POD", description = "The pod, as NAME or pod/NAME.")
  String pod;

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
      description = "The container (default: the pod's only or default container).")
  String container = "";

  @Option(names = "--all-containers", description = "The logs of all containers of the pods, init containers first.")
  boolean allContainers;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "The logs of the pods with these labels.")
  String selector;

  @Option(names = {"-f", "--follow"}, description = "Keep printing as the logs grow.")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N",
      description = "Only the last N lines (default: all; 10 with a selector).")
  long tail = Long.MIN_VALUE;

  @Option(names = {"-p", "--previous"},
      description = "The log of the previous, terminated instance of the container.")
  boolean previous;

  @Option(names = "--since", paramLabel = "DURATION", description = "Only lines newer than this (5s, 2m, 3h).")
  String since;

  @Option(names = "--since-time", paramLabel = "TIME", description = "Only lines written at or after this RFC 3339 time.")
  String sinceTime;

  @Option(names = "--timestamps", description = "Start each line with the time it was written.")
  boolean timestamps;

  @Option(names = "--prefix", description = "Start each line with [pod/NAME/CONTAINER].")
  boolean prefix;

  @Option(names = "--max-log-requests", paramLabel = "N", defaultValue = "5",
      description = "With -f and a selector: at most this many logs at once (default 5).")
  int maxLogRequests;

  /** Whether several logs are read at once, so that only whole lines may be written. */
  private boolean sideBySide;

  /** One log to print. */
  private record Stream(String pod, String container, String prefix) {}

  @Override
  public Integer call() throws InterruptedException {
    Session session = kctl.session();
    LogOptions options = options();
    List<Stream> streams = streams(session);
    PrintWriter out = spec.commandLine().getOut();
    if (streams.isEmpty()) {
      spec.commandLine().getErr().println("No resources found in " + session.namespace() + " namespace.");
      return 0;
    }
    if (!follow || streams.size() == 1) {
      for (Stream stream : streams) {
        copy(session, stream, options, out);
      }
      return 0;
    }
    if (streams.size() > maxLogRequests) {
      throw new CommandException("you are attempting to follow " + streams.size() + " log streams, but maximum"
          + " allowed concurrency is " + maxLogRequests + ", use --max-log-requests to increase the limit");
    }
    sideBySide = true;
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (Stream stream : streams) {
        running.add(readers.submit(() -> copy(session, stream, options, out)));
      }
      for (Future<?> each : running) {
        try {
          each.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
    }
    return 0;
  }

  private LogOptions options() {
    if (since != null && sinceTime != null) {
      throw new CommandException("at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    long sinceSeconds = 0;
    if (since != null) {
      Duration duration = WaitCommand.parseDuration(since);
      // The API counts whole seconds; a part-second still asks for that second.
      sinceSeconds = Math.max(1, (duration.toMillis() + 999) / 1000);
    }
    if (sinceTime != null) {
      try {
        OffsetDateTime.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw new CommandException("invalid --since-time \"" + sinceTime + "\": use RFC 3339, e.g. 2025-01-01T10:00:00Z");
      }
    }
    long lines = tail != Long.MIN_VALUE ? tail : selector != null ? 10 : -1;
    return new LogOptions(container, follow, lines, previous, sinceSeconds, sinceTime == null ? "" : sinceTime,
        timestamps);
  }

  private List<Stream> streams(Session session) {
    List<JsonNode> pods = new ArrayList<>();
    if (selector != null) {
      if (pod != null) {
        throw new CommandException("only a selector (-l) or a POD name is allowed");
      }
      session.client().list(ResourceTypes.PODS, session.namespace(), ListOptions.NONE.withLabelSelector(selector))
          .path("items").forEach(pods::add);
    } else if (pod != null) {
      String name = podName(pod);
      if (!allContainers && !prefix) {
        // One log, the server picks the container when there is one: no need to read the pod.
        return List.of(new Stream(name, container, ""));
      }
      pods.add(session.client().get(ResourceTypes.PODS, session.namespace(), name));
    } else {
      throw new CommandException("expected POD or -l SELECTOR, e.g. kctl logs web-1 or kctl logs -l app=web");
    }
    List<Stream> streams = new ArrayList<>();
    for (JsonNode item : pods) {
      String name = item.path("metadata").path("name").asString("");
      for (String each : containers(item)) {
        streams.add(new Stream(name, each, prefix ? "[pod/" + name + "/" + each + "] " : ""));
      }
    }
    return streams;
  }

  /** The containers to print of one pod: -c, all of them, or its default one. */
  private List<String> containers(JsonNode pod) {
    List<String> names = new ArrayList<>();
    if (allContainers) {
      pod.path("spec").path("initContainers").forEach(c -> names.add(c.path("name").asString("")));
    }
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asString("")));
    if (allContainers) {
      return names;
    }
    if (!container.isEmpty()) {
      return List.of(container);
    }
    String preferred = pod.path("metadata").path("annotations").path("kubectl.kubernetes.io/default-container")
        .asString("");
    String chosen = names.contains(preferred) ? preferred : names.isEmpty() ? "" : names.getFirst();
    if (names.size() > 1 && preferred.isEmpty()) {
      spec.commandLine().getErr().println("Defaulted container \"" + chosen + "\" out of: " + String.join(", ", names));
    }
    return List.of(chosen);
  }

  /** Copies one log; lines whole (so that logs read side by side do not mix within a line). */
  private void copy(Session session, Stream stream, LogOptions base, PrintWriter out) {
    LogOptions options = new LogOptions(stream.container(), base.follow(), base.tailLines(), base.previous(),
        base.sinceSeconds(), base.sinceTime(), base.timestamps());
    try (InputStream log = session.client().logs(session.namespace(), stream.pod(), options);
        Reader text = new InputStreamReader(log, StandardCharsets.UTF_8)) {
      session.closeOnCancel(log);
      if (stream.prefix().isEmpty() && !sideBySide) {
        char[] buffer = new char[8192];
        for (int n; (n = text.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          // Followed logs arrive a line at a time; show each as it comes.
          out.flush();
        }
        return;
      }
      BufferedReader lines = new BufferedReader(text);
      for (String line; (line = lines.readLine()) != null; ) {
        synchronized (out) {
          out.print(stream.prefix());
          out.println(line);
          // Followed logs arrive a line at a time; show each as it comes.
          out.flush();
        }
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // Ctrl-C in the REPL closed the stream: that is how -f ends there.
        return;
      }
      throw new UncheckedIOException("the log stream of pod " + stream.pod() + " broke: " + e.getMessage(), e);
    }
  }

  private static String podName(String argument) {
    int slash = argument.indexOf('/');
    if (slash < 0) {
      return argument;
    }
    if (!Resources.type(argument.substring(0, slash)).kind().equals("Pod")) {
      throw new CommandException("logs can be shown for pods only, not " + argument);
    }
    return argument.substring(slash + 1);
  }
}
