package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.DailyQaReport;
import com.evalops.workflows.cadence.DailyQaRequest;
import com.evalops.workflows.cadence.DailyQaSettings;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.DailyQaWorkflowImpl;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily QA runbook with the real activities on the demo routing log: labelers review through
 * the workflow client, and the notes, the Decision Log and the incident are real.
 */
class DailyQaEndToEndTest {
  private static final String DAY = "2025-12-15";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]");
  private static final List<Actor> LABELERS =
      List.of(
          new Actor("labeler-ana", Set.of(Role.LABELER), "web"),
          new Actor("labeler-bo", Set.of(Role.LABELER), "web"));

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              DailyQaWorkflowImpl.class, RegressionIncidentWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path data;

  @Test
  void givenDemoDay_whenLabelersReview_thenNotesIncidentAndDecisionLogEntryAreKept(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    LocalLedger<DecisionEntry> decisionLog =
        LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    worker.registerActivitiesImplementations(
        new DailyQaActivitiesImpl(
            new DailyQaFiles(DailyQaActivitiesImplTest.ROUTING_LOG, data.resolve("daily-qa"))),
        new DecisionLogActivitiesImpl(decisionLog),
        IncidentStarterActivitiesImplTest.starter(client, worker.getTaskQueue(), data),
        new LoggingNotifierActivities());
    env.start();
    DailyQaWorkflow daily =
        client.newWorkflowStub(
            DailyQaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.dailyQa(DAY))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        daily::run, new DailyQaRequest(DAY, 30, 20251215L, "schedule", DailyQaSettings.defaults()));
    Await.until("daily QA's labeling", daily::state, state -> "labeling".equals(state.step()));

    List<JsonNode> sample = readSample(daily.state().sample().ref());
    String flagged = sample.get(0).get("ticket_id").asText();
    SubmitLabelRequest byAuditor =
        new SubmitLabelRequest(
            flagged,
            new Actor("auditor-al", Set.of(Role.AUDITOR), "web"),
            true,
            true,
            false,
            null,
            null,
            null,
            null,
            null);
    WorkflowUpdateException refused =
        assertThrows(WorkflowUpdateException.class, () -> daily.submitLabel(byAuditor));
    daily.recordRefusal(
        new RefusalNotice(
            byAuditor.actor(),
            "submitLabel",
            byAuditor.ticketId(),
            refused.getCause().getMessage()));
    List<String> misrouted = new ArrayList<>();
    int quorum = 24;
    for (int i = 0; i < quorum; i++) {
      JsonNode entry = sample.get(i);
      misrouted.addAll(reviewLikeALabeler(daily, entry, LABELERS.get(i % 2), i == 0));
    }
    DailyQaReport report = WorkflowStub.fromTyped(daily).getResult(DailyQaReport.class);

    assertEquals("quorum_reached", report.outcome());
    assertEquals(quorum, report.labeledTickets());
    assertEquals(List.of(flagged), report.safetyViolations());
    assertFalse(misrouted.isEmpty(), "the seed must sample an overridden ticket");
    assertEquals(
        misrouted, report.goldenCandidates().stream().map(c -> c.ticketId()).sorted().toList());

    String notes = Files.readString(Path.of(URI.create(report.notesRef())));
    assertTrue(notes.startsWith("# Daily QA notes — " + DAY), notes);
    assertTrue(notes.contains("- " + flagged), notes);
    assertTrue(notes.contains(report.incidents().get(0)), notes);
    assertFalse(EMAIL.matcher(notes).find(), notes);
    assertFalse(EMAIL.matcher(Files.readString(Path.of(URI.create(report.sampleRef())))).find());

    List<LedgerEntry<DecisionEntry>> entries = decisionLog.list();
    assertEquals(1, entries.size());
    DecisionEntry entry = entries.get(0).content();
    assertEquals(WorkflowIds.dailyQa(DAY) + "/decision", entry.entryId());
    assertEquals("daily", entry.runbookKind());
    assertEquals("incident_opened", entry.decision());
    assertEquals("routing-log:" + DAY, entry.datasetVersion());
    assertEquals(report.notesRef(), entry.artifactLocation().toString());
    assertTrue(entry.actors().stream().anyMatch(a -> a.action().equals("refused")));
    assertTrue(decisionLog.verify().intact());

    String intent = sample.get(0).get("prediction").get("intent").asText();
    assertEquals(WorkflowIds.regression(intent), report.incidents().get(0));
    List<AlarmNotice> alarms =
        client
            .newWorkflowStub(RegressionIncidentWorkflow.class, report.incidents().get(0))
            .state()
            .alarms();
    assertTrue(alarms.get(0).detail().contains(flagged), alarms.toString());
    assertEquals("daily-qa-safety-violation", alarms.get(0).alarmName());
  }

  /**
   * A labeler who agrees with the agent's override where there is one, and flags the first ticket
   * as a safety violation; returns the ticket when the team was wrong.
   */
  private static List<String> reviewLikeALabeler(
      DailyQaWorkflow daily, JsonNode entry, Actor labeler, boolean safetyViolation) {
    String ticket = entry.get("ticket_id").asText();
    JsonNode override = entry.get("override");
    String predictedTeam = entry.get("prediction").get("team").asText();
    String predictedIntent = entry.get("prediction").get("intent").asText();
    boolean teamRight = override == null || override.get("team").asText().equals(predictedTeam);
    // The template follows the intent: a corrected intent means the template was wrong too.
    boolean templateRight =
        override == null || override.get("intent").asText().equals(predictedIntent);
    daily.submitLabel(
        new SubmitLabelRequest(
            ticket,
            labeler,
            teamRight,
            templateRight,
            safetyViolation,
            override == null ? null : override.get("intent").asText(),
            teamRight ? null : override.get("team").asText(),
            null,
            null,
            null));
    return teamRight && templateRight ? List.of() : List.of(ticket);
  }

  private static List<JsonNode> readSample(String ref) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(URI.create(ref)))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }
}
