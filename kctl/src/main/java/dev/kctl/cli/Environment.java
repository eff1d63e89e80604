package dev.kctl.cli;

import dev.kctl.client.KubeConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a kctl command line was typed: its environment variables and working directory. Commands
 * read both from here rather than from the JVM, because the kctl agent runs the commands of
 * many shells, each with its own.
 *
 * @param variables the environment ($KUBECONFIG, $HOME, $EDITOR, ...)
 * @param workingDirectory an absolute path: relative file names ({@code -f app.yaml}) start here
 */
public record Environment(Map<String, String> variables, Path workingDirectory) {
  public Environment {
    variables = Map.copyOf(variables);
    if (!workingDirectory.isAbsolute()) {
      throw new IllegalArgumentException("the working directory " + workingDirectory + " is not absolute");
    }
  }

  /** This process's own environment and working directory. */
  public static Environment ofProcess() {
    return new Environment(System.getenv(), Path.of("").toAbsolutePath());
  }

  /** A variable's value, or empty when it is unset. */
  String variable(String name) {
    return variables.getOrDefault(name, "");
  }

  /** {@code name} as the shell would open it: relative names start at the working directory. */
  Path path(String name) {
    return workingDirectory.resolve(name);
  }

  /** $HOME, else the JVM's idea of the user's home. */
  Path home() {
    String home = variable("HOME");
    return home.isEmpty() ? Path.of(System.getProperty("user.home")) : path(home);
  }

  /** The kubeconfig kubectl would use here: {@code --kubeconfig}, else $KUBECONFIG, else ~/.kube/config. */
  Path kubeconfig(String flagOrNull) {
    return KubeConfig.locate(flagOrNull, variables.get("KUBECONFIG"), home(), workingDirectory);
  }
}
