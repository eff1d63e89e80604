package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR.
 *
 * <p>STATUS is the first that applies of: {@code Complete} or {@code Failed} (a condition of that
 * type is True), {@code Terminating} (marked for deletion), {@code Suspended},
 * {@code FailureTarget}, else {@code Running}. COMPLETIONS is {@code succeeded/completions}; without
 * completions it is {@code succeeded/1}, or {@code succeeded/1 of parallelism} when more than one
 * pod runs at a time. DURATION runs from {@code startTime} to {@code completionTime}, or to now
 * while the job runs; it is empty before the job starts.
 */
final class JobPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the job, unique in its namespace."),
      Column.text("Status", "Whether the job runs, is complete, failed or is suspended."),
      Column.text("Completions", "Pods that succeeded out of those wanted."),
      Column.text("Duration", "How long the job ran, or has been running."),
      Column.age(),
      Column.wide("Containers", "Names of the containers in the pod template."),
      Column.wide("Images", "Images of the containers in the pod template."),
      Column.wide("Selector", "The label selector of the job's pods."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode job, Instant now) {
    return List.of(
        Workloads.name(job),
        status(job),
        completions(job),
        duration(job.path("status"), now),
        Workloads.age(job, now),
        Workloads.containerNames(job),
        Workloads.containerImages(job),
        Workloads.formatSelector(job.path("spec").path("selector")));
  }

  private static String status(JsonNode job) {
    JsonNode conditions = job.path("status").path("conditions");
    if (hasCondition(conditions, "Complete")) {
      return "Complete";
    } else if (hasCondition(conditions, "Failed")) {
      return "Failed";
    } else if (job.path("metadata").hasNonNull("deletionTimestamp")) {
      return "Terminating";
    } else if (hasCondition(conditions, "Suspended")) {
      return "Suspended";
    } else if (hasCondition(conditions, "FailureTarget")) {
      return "FailureTarget";
    }
    return "Running";
  }

  /** Whether the first condition of {@code type} is True; later ones of that type do not count. */
  private static boolean hasCondition(JsonNode conditions, String type) {
    for (JsonNode condition : conditions) {
      if (condition.path("type").asString("").equals(type)) {
        return condition.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  private static String completions(JsonNode job) {
    JsonNode spec = job.path("spec");
    long succeeded = job.path("status").path("succeeded").asLong(0);
    if (spec.hasNonNull("completions")) {
      return succeeded + "/" + spec.path("completions").asLong(0);
    }
    long parallelism = spec.path("parallelism").asLong(0);
    return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
  }

  private static String duration(JsonNode status, Instant now) {
    Instant start = HumanDuration.parse(status.path("startTime").asString(""));
    if (start == null) {
      return "";
    }
    Instant end = HumanDuration.parse(status.path("completionTime").asString(""));
    return HumanDuration.format(Duration.between(start, end == null ? now : end));
  }
}
