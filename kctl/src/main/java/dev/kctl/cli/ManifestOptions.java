package dev.kctl.cli;

import dev.kctl.codec.Manifest;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -f} and {@code -R} options of the commands that send manifests (apply, create), as a picocli mixin. */
final class ManifestOptions {
  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "A manifest file, a folder of them, or - for stdin. Repeatable.")
  List<String> files = List.of();

  @Option(names = {"-R", "--recursive"}, description = "Read the manifests in subfolders of -f folders too.")
  boolean recursive;

  /**
   * Every manifest the options name, all parsed before any is sent.
   *
   * @throws CommandException when no {@code -f} was given, in kubectl's words
   */
  List<Manifest> read(Session session) {
    if (files.isEmpty()) {
      throw new CommandException("must specify one of -f and -k");
    }
    return ManifestFiles.read(files, session.stdin(), session.environment().workingDirectory(), recursive);
  }
}
