package dev.kctl.cli;

import dev.kctl.codec.Manifest;
import dev.kctl.codec.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the {@code -f} arguments of apply and delete: files, folders (their {@code .yaml},
 * {@code .yml} and {@code .json} files, by name; with {@code -R} those of their subfolders too,
 * depth first, in name order) and {@code -} for stdin. Every
 * document of every file is parsed before anything is returned, so a bad document stops the
 * command before it changes anything.
 */
final class ManifestFiles {
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private ManifestFiles() {}

  static List<Manifest> read(List<String> arguments, InputStream stdin, Path workingDirectory) {
    return read(arguments, stdin, workingDirectory, false);
  }

  /**
   * @param workingDirectory where relative paths start; messages name files as the arguments did
   * @param recursive read the manifests in subfolders of folders too ({@code -R})
   */
  static List<Manifest> read(List<String> arguments, InputStream stdin, Path workingDirectory, boolean recursive) {
    List<Manifest> manifests = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.equals("-")) {
        manifests.addAll(Manifests.read("STDIN", readAll(stdin)));
        continue;
      }
      Path path = workingDirectory.resolve(argument);
      if (Files.isDirectory(path)) {
        Path given = workingDirectory.getFileSystem().getPath(argument);
        for (Path file : manifestsIn(path, recursive)) {
          manifests.addAll(Manifests.read(given.resolve(path.relativize(file)).toString(), readFile(file)));
        }
      } else if (Files.exists(path)) {
        manifests.addAll(Manifests.read(argument, readFile(path)));
      } else {
        throw new CommandException("the path \"" + argument + "\" does not exist");
      }
    }
    return manifests;
  }

  private static List<Path> manifestsIn(Path dir, boolean recursive) {
    try (Stream<Path> entries = recursive ? Files.walk(dir) : Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> EXTENSIONS.stream().anyMatch(
              ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
    }
  }
}
