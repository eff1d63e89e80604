package dev.kctl.cli.agent;

import java.nio.file.Path;

/**
 * One way into the agent: a folder holding two named pipes, {@code in} (client to agent) and
 * {@code out} (agent to client), for one command. A client takes a free slot by making its
 * {@code taken} folder, which only one client can do.
 *
 * <p>Both ends open each pipe for reading and writing first, which never waits for the other
 * end, and then keep only the direction they use. So nobody ever blocks in {@code open}, and
 * each side sees the end of the other's pipe when the other side closes it or dies: the agent
 * learns of Ctrl-C, the client of an agent that ended.
 */
record Slot(Path folder) {
  Path in() {
    return folder.resolve("in");
  }

  Path out() {
    return folder.resolve("out");
  }

  Path taken() {
    return folder.resolve("taken");
  }
}
