package dev.kctl.cli.agent;

import dev.kctl.client.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one build's agent keeps its files: {@code $KCTL_AGENT_DIR}, else {@code ~/.kctl/agent},
 * a folder only its owner may enter, so that nobody else can reach the agent's pipes or put
 * their own in their place. The names carry a hash of the JDK, the class path and the size
 * and time of each of its files, so that each build (and each checkout) has its own agent, and a
 * rebuilt kctl never talks to an agent running the old classes.
 *
 * @param slots the folder of the running agent's {@link Slot}s, and of its pid file
 * @param lockFile held by the running agent, so that two agents of one build never run at once
 * @param logFile what the agents of this folder said when they started, stopped or failed
 * @param classPath the files whose change ends the agent
 * @param stamp their sizes and times when these names were made
 */
record AgentFiles(Path slots, Path lockFile, Path logFile, List<Path> classPath, String stamp) {
  /** The files of the build this JVM runs, in the user's agent folder. */
  static AgentFiles ofThisJvm() {
    return ofThisJvm(configuredFolder());
  }

  /** The files of the build this JVM runs, in {@code folder}. */
  static AgentFiles ofThisJvm(Path folder) {
    String classPathProperty = System.getProperty("java.class.path");
    List<Path> classPath = new ArrayList<>();
    for (String entry : classPathProperty.split(java.io.File.pathSeparator)) {
      classPath.add(Path.of(entry));
    }
    String stamp = stamp(classPath);
    String name = "kctl-" + Integer.toHexString((System.getProperty("java.home") + "\n" + classPathProperty + "\n"
        + stamp + "\n" + namespace("net") + "\n" + namespace("mnt")).hashCode());
    return new AgentFiles(folder.resolve(name + ".slots"), folder.resolve(name + ".lock"),
        folder.resolve("agent.log"), List.copyOf(classPath), stamp);
  }

  private static Path configuredFolder() {
    String configured = System.getenv("KCTL_AGENT_DIR");
    if (configured != null && !configured.isEmpty()) {
      return Path.of(configured).toAbsolutePath();
    }
    String home = System.getenv("HOME");
    return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".kctl", "agent");
  }

  /** This process's namespace of {@code kind}, as {@code net:[4026531840]}; empty where there are none. */
  private static String namespace(String kind) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns", kind)).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  /** The class path's sizes and modification times: a build changes them. */
  static String stamp(List<Path> classPath) {
    StringBuilder stamp = new StringBuilder();
    for (Path entry : classPath) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        stamp.append(attributes.size()).append('@').append(attributes.lastModifiedTime().toMillis()).append(' ');
      } catch (IOException e) {
        stamp.append("gone ");
      }
    }
    return stamp.toString();
  }

  /** The build on disk is still the one these files were named after. */
  boolean current() {
    return stamp(classPath).equals(stamp);
  }

  Path folder() {
    return slots.getParent();
  }

  /** Written by the agent once its first slots are open: "PID START", START as {@link #started(String)}. */
  Path pidFile() {
    return slots.resolve("agent.pid");
  }

  /** The pid file's content, or null when there is none. */
  String agentPid() {
    try {
      return Files.readString(pidFile(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return null;
    }
  }

  /** What this process writes in the pid file. */
  static String pidLine() {
    String pid = Long.toString(ProcessHandle.current().pid());
    return pid + " " + started(pid);
  }

  /**
   * Whether the agent that wrote the pid file still runs: a process with that pid exists and
   * started when the agent did, so it is not one that got the pid after the agent was killed.
   */
  boolean agentAlive() {
    String line = agentPid();
    if (line == null) {
      return false;
    }
    int space = line.indexOf(' ');
    if (space <= 0) {
      return false;
    }
    String started = started(line.substring(0, space));
    return !started.isEmpty() && started.equals(line.substring(space + 1));
  }

  /** When process {@code pid} started, in clock ticks after boot (field 22 of /proc/PID/stat); empty if none runs. */
  static String started(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
      // The command name, field 2, is in parentheses and may hold spaces: count from after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields.length > 19 ? fields[19] : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Whether the folder is this user's and closed to everyone else: only then are the pipes in it
   * this user's own agent's.
   */
  boolean privateToThisUser() {
    try {
      Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      Object owner = Files.getAttribute(folder(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) Files.getAttribute(folder(), "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return self.equals(owner) && (mode & 077) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Makes the folder, for its owner only, and refuses one that others may enter. */
  void prepareFolder() throws IOException {
    try {
      PrivateFiles.createDirectories(folder());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!privateToThisUser()) {
      throw new IOException(folder() + " is not this user's alone; the kctl agent needs a folder only its owner may"
          + " enter (chmod 700 " + folder() + ")");
    }
  }
}
