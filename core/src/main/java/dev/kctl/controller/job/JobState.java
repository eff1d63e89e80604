package dev.kctl.controller.job;

import dev.kctl.api.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the job controller reads from a Job: its spec's knobs and what its status counted so far. */
record JobState(int parallelism, int completions, int backoffLimit, Optional<Duration> activeDeadline,
    Optional<Duration> ttlAfterFinished, int succeeded, int failed, Optional<Instant> startTime,
    Optional<Instant> finishedAt) {

  static JobState of(ObjectNode job) {
    JsonNode spec = job.path("spec");
    JsonNode status = job.path("status");
    int parallelism = spec.path("parallelism").asInt(1);
    // no completions: any success finishes the job (kube's work-queue jobs), as one completion here
    int completions = spec.path("completions").isIntegralNumber() ? spec.path("completions").asInt() : 1;
    return new JobState(parallelism, completions, spec.path("backoffLimit").asInt(6),
        seconds(spec.path("activeDeadlineSeconds")), seconds(spec.path("ttlSecondsAfterFinished")),
        status.path("succeeded").asInt(0), status.path("failed").asInt(0),
        Optional.ofNullable(Timestamps.parse(status.path("startTime").asString(""))),
        finishedAt(status));
  }

  boolean finished() {
    return finishedAt.isPresent();
  }

  /** When a finished Job is to be deleted: finish time plus ttlSecondsAfterFinished. */
  Optional<Instant> expiry() {
    return finishedAt.flatMap(at -> ttlAfterFinished.map(at::plus));
  }

  private static Optional<Duration> seconds(JsonNode value) {
    return value.isIntegralNumber() ? Optional.of(Duration.ofSeconds(value.asLong())) : Optional.empty();
  }

  /** The transition time of a true Complete or Failed condition. */
  private static Optional<Instant> finishedAt(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      String type = c.path("type").asString("");
      if ((type.equals("Complete") || type.equals("Failed")) && c.path("status").asString("").equals("True")) {
        Instant at = Timestamps.parse(c.path("lastTransitionTime").asString(""));
        return Optional.of(at == null ? Instant.EPOCH : at);
      }
    }
    return Optional.empty();
  }
}
