package com.evalops.cli.audit;

import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.ExitCodes;
import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evalops decisions verify}: the hash chains of the Decision Log and the Change Log. */
@Command(
    name = "decisions",
    mixinStandardHelpOptions = true,
    description = "The Decision Log and the Change Log, for auditors.",
    subcommands = DecisionsCommand.Verify.class)
public final class DecisionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name what to do: verify");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Checks the hash chain of the Decision Log and of the Change Log: every entry must carry"
            + " the SHA-256 of the one before it, so an edited, removed or reordered entry shows;"
            + " and each log's signed head, which names its last entry, so an edited or removed"
            + " last entry or a truncated log shows too.",
        "Exit 0 when both logs are intact, 1 when one is broken (naming the log, the first"
            + " entry that cannot be trusted and what is wrong)."
      })
  public static final class Verify extends EngineCommand {
    private static final Map<String, String> NAMES =
        Map.of("decisionLog", "Decision Log", "changeLog", "Change Log");

    @Override
    protected int execute(EngineClient engine) {
      JsonNode answer = engine.get(EngineClient.path("decisions", "verify"));
      List<String> broken = new ArrayList<>();
      for (Map.Entry<String, JsonNode> log : answer.properties()) {
        if (!log.getValue().path("intact").asBoolean()) {
          broken.add(log.getKey());
        }
      }
      print(
          answer,
          out -> {
            for (Map.Entry<String, JsonNode> log : answer.properties()) {
              JsonNode v = log.getValue();
              String name = NAMES.getOrDefault(log.getKey(), log.getKey());
              if (v.path("intact").asBoolean()) {
                String head = text(v, "headSha256");
                String notice = text(v, "notice");
                out.println(
                    name
                        + ": intact, "
                        + text(v, "intactEntries")
                        + " entries"
                        + (head.isEmpty() ? "" : ", head sha256 " + head)
                        + (notice.isEmpty() ? "" : "; " + notice));
              } else {
                out.println(
                    name
                        + ": BROKEN at seq "
                        + text(v, "firstBrokenSeq")
                        + " ("
                        + text(v, "intactEntries")
                        + " entries before it verify): "
                        + text(v, "reason"));
              }
            }
          });
      return broken.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_PASS;
    }
  }
}
