package com.evalops.workflows.replay;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Committed workflow histories under {@code src/test/resources/histories}: the replay tests prove
 * that today's code still replays them. Run the workflow tests with {@code
 * -Devalops.recordHistories=true} to write them anew after an intended, versioned change.
 */
public final class Histories {
  static final Path FOLDER =
      Path.of(System.getProperty("evalops.repo.root", ".."))
          .resolve("workflows/src/test/resources/histories");

  private Histories() {}

  public static void recordIfAsked(WorkflowClient client, String workflowId) {
    recordIfAsked(client, workflowId, workflowId);
  }

  /**
   * Records under another name: a workflow id whose history is committed already gets a new file
   * beside it when its code gains a version, never a re-recorded one.
   */
  public static void recordIfAsked(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("evalops.recordHistories")) {
      return;
    }
    try {
      Path file = FOLDER.resolve(name + ".json");
      if (Files.exists(file)) {
        // The replay policy: a committed history is never recorded again. Version the change
        // (Workflow.getVersion) and record the new shape under a new name beside it.
        throw new IllegalStateException(
            file
                + " is committed: record the new shape under another name (recordIfAsked(client,"
                + " workflowId, name)) and replay both");
      }
      Files.createDirectories(FOLDER);
      Files.writeString(
          FOLDER.resolve(name + ".json"),
          client.fetchHistory(workflowId).toJson(true),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String workflowId) {
    try {
      return Files.readString(FOLDER.resolve(workflowId + ".json"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("no committed history " + workflowId, e);
    }
  }
}
