package com.evalops.cli.audit;

import static com.evalops.cli.client.JsonText.oneLine;
import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evalops runs}: the Decision Log as a table, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the runbooks' decisions from the Decision Log, newest first: when, which runbook and"
          + " run, the verdict, the decision and who took part.",
      "A runbook that is still running has no entry yet: see `evalops status ID`."
    })
public final class RunsCommand extends EngineCommand {
  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Show the newest N entries; 0 for all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "Only this runbook kind (e.g. evaluation, weekly, regression).")
  String kind;

  @Override
  protected int execute(EngineClient engine) {
    JsonNode answer = engine.get(EngineClient.path("runs"));
    return print(answer, out -> table(out, answer));
  }

  private void table(PrintWriter out, JsonNode entries) {
    List<String[]> rows = new ArrayList<>();
    for (JsonNode entry : entries) {
      JsonNode c = entry.path("content");
      if (kind != null && !text(c, "runbook_kind").equalsIgnoreCase(kind)) {
        continue;
      }
      if (limit > 0 && rows.size() == limit) {
        break;
      }
      Set<String> people = new LinkedHashSet<>();
      c.path("actors").forEach(a -> people.add(text(a, "actor")));
      String recorded = text(entry, "recorded_at");
      rows.add(
          new String[] {
            text(entry, "seq"),
            recorded.length() > 19 ? recorded.substring(0, 19) + "Z" : recorded,
            text(c, "runbook_kind"),
            text(c, "run_id"),
            dash(text(c, "verdict")),
            dash(text(c, "decision")),
            dash(oneLine(String.join(",", people), 40))
          });
    }
    if (rows.isEmpty()) {
      out.println(
          "The Decision Log has no entries"
              + (kind == null ? "" : " of kind " + kind)
              + " yet: runbooks record one when they decide.");
      return;
    }
    rows.add(0, new String[] {"SEQ", "RECORDED", "KIND", "RUN", "VERDICT", "DECISION", "BY"});
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
