package dev.kctl.cli.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the launcher's AOT cache: the build runs this with
 * {@code -XX:AOTCacheOutput}, and what handing commands to an agent loads (the launcher's side
 * only: the agent is a process of its own) is then ready at the next start. It starts an agent
 * in a temporary folder, hands it a command that prints and one that reads stdin, and stops it.
 * Last it records which JDK made the caches, in the file its argument names: an AOT cache works
 * only with the JDK that made it, so bin/kctl runs that one.
 */
public final class LauncherTraining {
  private LauncherTraining() {}

  /** @param args the file to record the JDK in (kctl/target/java-home) */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createTempDirectory("kctl-launcher-aot-");
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    try {
      AgentFiles files = AgentFiles.ofThisJvm(folder.resolve("agent"));
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      System.setErr(new PrintStream(OutputStream.nullOutputStream()));
      // What main decides first, for an ordinary command and for exec, so that its classes are in
      // the cache too.
      Launcher.runsHere(new String[] {"exec", "pod", "--", "ls", "-lt"});
      String[] version = {"version", "--client"};
      Launcher.runsHere(version);
      Launcher.forward(files, version);
      System.setIn(new ByteArrayInputStream("kind: Namespace\napiVersion: v1\nmetadata:\n  name: training\n"
          .getBytes(StandardCharsets.UTF_8)));
      Launcher.forward(files, new String[] {"create", "-f", "-", "--dry-run=client", "-o", "name"});
      Launcher.forward(files, new String[] {"version", "--client"});
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
      for (ProcessHandle agent : ProcessHandle.current().descendants().toList()) {
        agent.destroy();
        agent.onExit().join();
      }
      Slots.delete(folder);
    }
    Files.writeString(Path.of(args[0]), System.getProperty("java.home") + "\n");
  }
}
