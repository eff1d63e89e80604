package dev.kctl.kletd.runtime;

import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code state.json} of a container: its last process (pid and kernel start time, which
 * together identify it even after pid reuse), its restart count and, once seen, its exit.
 */
record StateFile(long pid, Instant processStart, int restartCount, Exit exit) {
  static final String NAME = "state.json";

  static Optional<StateFile> read(Path stateDir) {
    Path file = stateDir.resolve(NAME);
    JsonNode json;
    try {
      json = Json.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read container state " + file, e);
    } catch (RuntimeException e) {
      // A torn or hand-edited file: forget the process rather than stop kletd.
      return Optional.empty();
    }
    Exit exit = null;
    if (json.has("finishedAt")) {
      exit = new Exit(json.path("exitCode").asInt(), Instant.parse(json.path("finishedAt").asString()),
          json.path("exitCodeKnown").asBoolean(true), json.path("oomKilled").asBoolean(false));
    }
    return Optional.of(new StateFile(json.path("pid").asLong(),
        Instant.parse(json.path("processStart").asString()), json.path("restartCount").asInt(), exit));
  }

  StateFile withExit(Exit exit) {
    return new StateFile(pid, processStart, restartCount, exit);
  }

  /** Writes the file atomically, so a crash leaves the old or the new state, never half. */
  void write(Path stateDir) {
    ObjectNode json = Json.object();
    json.put("pid", pid);
    json.put("processStart", processStart.toString());
    json.put("restartCount", restartCount);
    if (exit != null) {
      json.put("exitCode", exit.code());
      json.put("exitCodeKnown", exit.codeKnown());
      json.put("finishedAt", exit.finishedAt().toString());
      if (exit.oomKilled()) {
        json.put("oomKilled", true);
      }
    }
    Path file = stateDir.resolve(NAME);
    Path temp = stateDir.resolve(NAME + ".tmp");
    try {
      Files.write(temp, Json.bytes(json));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write container state " + file, e);
    }
  }
}
