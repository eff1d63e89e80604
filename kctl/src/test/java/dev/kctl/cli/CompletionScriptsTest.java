package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionScriptsTest {
  /** The committed scripts, next to the kctl module (tests run in the module's folder). */
  private static final Path COMMITTED = Path.of("..", "completions");

  @TempDir Path dir;

  @Test
  void theCommittedScriptsAreWhatTheCommandModelGives() throws IOException {
    for (var file : CompletionScripts.FILES.entrySet()) {
      Path committed = COMMITTED.resolve(file.getValue());
      assertThat(committed).as("completions/%s is missing; the build writes it to kctl/target/completions:"
          + " copy it from there", file.getValue()).exists();
      assertThat(Files.readString(committed))
          .as("completions/%s is stale: the commands changed; copy the new scripts the build wrote to"
              + " kctl/target/completions into completions/ and commit them", file.getValue())
          .isEqualTo(CompletionScripts.script(file.getKey()));
    }
  }

  /** Runs {@code lines} in a real bash that sourced the script, with {@code kctl} stubbed as a function. */
  private String bash(String lines) throws IOException, InterruptedException {
    Path script = Files.writeString(dir.resolve("kctl.bash"), CompletionScripts.script("bash"));
    Path test = Files.writeString(dir.resolve("test.sh"), """
        source "%s"
        # kctl itself, as the script calls it for object names: it lists pods web-1 and web-2.
        kctl() { [[ $1 == __complete ]] && printf '%%s\\n' web-1 web-2; }
        complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _kctl_complete; echo "${COMPREPLY[*]}"; }
        %s
        """.formatted(script, lines));
    Process bash = new ProcessBuilder("bash", test.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void bashCompletesTypesFromTheModel() throws Exception {
    assertThat(bash("complete_words kctl get po")).isEqualTo("pods pod po\n");
    assertThat(bash("complete_words kctl desc")).isEqualTo("describe\n");
    assertThat(bash("complete_words kctl get pods --sort")).isEqualTo("--sort-by\n");
  }

  @Test
  void bashCompletesObjectNamesByAskingKctl() throws Exception {
    assertThat(bash("complete_words kctl get pods w")).isEqualTo("web-1 web-2\n");
    assertThat(bash("complete_words kctl -n shop logs web-")).isEqualTo("web-1 web-2\n");
    assertThat(bash("complete_words kctl get pods -o")).isNotEqualTo("web-1 web-2\n");
  }

  @Test
  void theHiddenCompleteCommandListsNamesOfTheTypeBeforeTheCurrentWord() {
    CliRun cli = new CliRun();
    cli.client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"web-1\", \"namespace\": \"default\"}}"));
    cli.client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"db-1\", \"namespace\": \"shop\"}}"));

    assertThat(cli.kctl("__complete", "get", "po", "w").out()).isEqualTo("web-1\n");
    assertThat(cli.kctl("__complete", "-n", "shop", "describe", "pod/").out()).isEqualTo("pod/db-1\n");
    assertThat(cli.kctl("__complete", "logs", "").out()).isEqualTo("web-1\n");
    assertThat(cli.kctl("__complete", "get", "gadgets", "")).isEqualTo(new CliRun.Result(0, "", ""));
  }

  @Test
  void fishAndZshScriptsComeFromTheSameModel() {
    assertThat(CompletionScripts.script("fish"))
        .contains("complete -c kctl -n __fish_use_subcommand -a get -d 'Display one or many objects.'")
        .contains("-l sort-by -r")
        .contains("'(__kctl_objects)'");
    assertThat(CompletionScripts.script("zsh")).startsWith("#compdef kctl\n").contains("_kctl_complete");
  }
}
