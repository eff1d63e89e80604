package dev.kctl.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool to completion and captures what it printed. */
final class Commands {
  /** What a finished command printed, and its exit code. */
  record Result(int exitCode, String stdout, String stderr) {
    Result assertSuccess(List<String> command) {
      if (exitCode != 0) {
        throw new AssertionError("%s exited %d\nstdout: %s\nstderr: %s".formatted(command, exitCode, stdout, stderr));
      }
      return this;
    }
  }

  static {
    KctlAgents.stopAtExit();
  }

  private Commands() {}

  static Result run(Path workDir, List<String> command, String stdin) throws IOException, InterruptedException {
    return run(workDir, command, stdin, java.util.Map.of());
  }

  static Result run(Path workDir, List<String> command, String stdin, java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    StringBuilder errText = new StringBuilder();
    Thread stderr = Thread.ofVirtual().start(() -> {
      try {
        errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        errText.append(e);
      }
    });
    String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    stderr.join();
    return new Result(p.exitValue(), outText, errText.toString());
  }

  static List<String> of(String... parts) {
    return new ArrayList<>(List.of(parts));
  }
}
