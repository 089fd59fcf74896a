package com.evalops.activities.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.contract.TicketFile;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Label;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.incident.IncidentActivities;
import com.evalops.workflows.incident.LabeledSampleRequest;
import com.evalops.workflows.incident.MitigationChange;
import com.evalops.workflows.incident.ProblemSample;
import com.evalops.workflows.incident.ProblemTicketQuery;
import com.evalops.workflows.incident.SafeModeChange;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The regression runbook's activities on the demo data (routing log 2025-12-08..21, v12). */
class IncidentActivitiesImplTest {
  static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");
  private static final String INCIDENT = "regression-billing";
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]");
  private static final Actor LI = new Actor("labeler-li", Set.of(Role.LABELER), "web");
  private static final ProblemTicketQuery BILLING = new ProblemTicketQuery("billing", 7, 20);

  @TempDir Path data;
  private TestActivityEnvironment env;
  private IncidentActivities activities;
  private LocalRouterConfigStore configs;
  private LocalLedger<ChangeEntry> changeLog;

  @BeforeEach
  void setUp() {
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    changeLog = LocalLedger.changeLog(data.resolve("change-log.jsonl"));
    configs = new LocalRouterConfigStore(data.resolve("configs"), changeLog);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new IncidentActivitiesImpl(files(data), configs));
    // Up to three attempts, as a workflow allows: a non-retryable failure must stop at one.
    activities =
        env.newActivityStub(
            IncidentActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
  }

  static IncidentFiles files(Path data) {
    return new IncidentFiles(
        DEMO.resolve("routing-log.jsonl"), DEMO.resolve("taxonomy.json"), data.resolve("samples"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  // --- safe mode -------------------------------------------------------------------------------

  @Test
  void givenSafeModeOff_whenSafeModeSet_thenNewVersionWithChangeLogEntry() {
    String version = activities.setSafeMode(new SafeModeChange(true, "harm possible", INCIDENT));

    RouterConfig current = configs.current();
    assertEquals(version, current.configVersion());
    assertTrue(current.safeMode());
    assertTrue(version.startsWith("v12-"), version);
    ChangeEntry entry = changeLog.list().get(0).content();
    assertEquals(INCIDENT + "/safe-mode-on@v12", entry.entryId());
    assertEquals(List.of("safe_mode_scopes.*[unowned]: (absent) -> held"), entry.diff());
    assertEquals("incident:" + INCIDENT, entry.requestedBy());
    assertEquals(INCIDENT + "/decision", entry.linkedDecisionId());
  }

  @Test
  void givenRetry_whenSafeModeSet_thenSameVersionReturned() {
    SafeModeChange on = new SafeModeChange(true, "harm possible", INCIDENT);
    String first = activities.setSafeMode(on);

    String retried = activities.setSafeMode(on);

    assertEquals(first, retried);
    assertEquals(1, changeLog.list().size());
    assertEquals(List.of("v12", first, "v13", "v14"), configs.versions());
  }

  @Test
  void givenSafeModeOn_whenTurnedOff_thenAnotherVersionWithSafeModeOff() {
    String on = activities.setSafeMode(new SafeModeChange(true, "harm possible", INCIDENT));

    String off =
        activities.setSafeMode(new SafeModeChange(false, "exit approved as exit-1", INCIDENT));

    assertNotEquals(on, off);
    assertFalse(configs.current().safeMode());
    assertEquals(List.of(), configs.diff("v12", off));
    assertEquals(2, changeLog.list().size());
  }

  // --- problem tickets -------------------------------------------------------------------------

  @Test
  void givenBillingAlarm_whenProblemTicketsPulled_thenScopedProblemsOfLastWeekSanitized()
      throws Exception {
    ProblemSample sample = activities.pullProblemTickets(BILLING);

    assertEquals("problems-billing-2025-12-21-7d-20", sample.sampleId());
    assertEquals(20, sample.ticketIds().size());
    Map<String, RoutingLogEntry> log = routingLog();
    Path file = Path.of(URI.create(sample.ref()));
    List<RoutingLogEntry> written = new ArrayList<>();
    RoutingLogFile.stream(file, (e, line) -> written.add(e));
    assertEquals(sample.ticketIds(), written.stream().map(RoutingLogEntry::ticketId).toList());
    for (String id : sample.ticketIds()) {
      RoutingLogEntry e = log.get(id);
      assertTrue(e.createdAt().isAfter(Instant.parse("2025-12-15T00:00:00Z")), id);
      assertTrue(
          e.override() != null
              || e.prediction().confidence()
                  < configs.current().thresholdFor(e.prediction().intent())
              || (e.csat() != null && e.csat() <= 2),
          id + " is not a problem ticket");
      assertTrue(
          "billing".equals(e.prediction().team())
              || (e.override() != null && "billing".equals(e.override().team())),
          id + " is outside the alarm scope");
    }
    assertTrue(
        sample.ticketIds().stream().anyMatch(id -> EMAIL.matcher(log.get(id).text()).find()),
        "the demo sample should include a ticket with an e-mail address");
    assertFalse(EMAIL.matcher(Files.readString(file)).find(), "an e-mail address leaked");
  }

  @Test
  void givenRetry_whenProblemTicketsPulled_thenSameSampleAndFile() throws Exception {
    ProblemSample first = activities.pullProblemTickets(BILLING);
    byte[] content = Files.readAllBytes(Path.of(URI.create(first.ref())));

    ProblemSample retried = activities.pullProblemTickets(BILLING);

    assertEquals(first, retried);
    assertEquals(new String(content), Files.readString(Path.of(URI.create(retried.ref()))));
  }

  @Test
  void givenZeroCount_whenProblemTicketsPulled_thenInvalidInputWithoutRetry() {
    assertFailure(
        "INVALID_INPUT",
        () -> activities.pullProblemTickets(new ProblemTicketQuery("billing", 7, 0)));
  }

  // --- labeled sample --------------------------------------------------------------------------

  @Test
  void givenLabels_whenLabeledSampleWritten_thenTicketFileTheHarnessAccepts() {
    ProblemSample sample = activities.pullProblemTickets(BILLING);
    String confirmed = sample.ticketIds().get(0);
    String corrected = sample.ticketIds().get(1);
    List<Label> labels =
        List.of(
            label(confirmed, "", null, false),
            label(corrected, "fraud_report", null, true),
            new Label(
                new SubmitLabelRequest(
                    corrected, LI, true, true, false, "refund_status", null, null, null, null),
                Instant.EPOCH,
                true));

    String ref = activities.writeLabeledSample(new LabeledSampleRequest(sample.sampleId(), labels));

    List<Ticket> tickets =
        TicketFile.load(Path.of(ref), TaxonomyFile.load(DEMO.resolve("taxonomy.json")));
    assertEquals(List.of(confirmed, corrected), tickets.stream().map(Ticket::ticketId).toList());
    RoutingLogEntry routed = routingLog().get(confirmed);
    assertEquals(routed.prediction().intent(), tickets.get(0).intent());
    assertEquals(routed.createdAt(), tickets.get(0).createdAt());
    Ticket fraud = tickets.get(1);
    assertEquals("fraud_report", fraud.intent(), "the second opinion does not replace the label");
    assertEquals("risk", fraud.team());
    assertEquals(0, fraud.tier());
    assertEquals(List.of(IncidentActivitiesImpl.LABELER_FLAG), fraud.safetyFlags());
  }

  @Test
  void givenLabelOutsideSample_whenLabeledSampleWritten_thenInvalidInput() {
    ProblemSample sample = activities.pullProblemTickets(BILLING);

    assertFailure(
        "INVALID_INPUT",
        () ->
            activities.writeLabeledSample(
                new LabeledSampleRequest(
                    sample.sampleId(), List.of(label("RL-20251208-0001", "", null, false)))));
  }

  @Test
  void givenIntentOutsideTaxonomy_whenLabeledSampleWritten_thenInvalidInput() {
    ProblemSample sample = activities.pullProblemTickets(BILLING);

    String message =
        assertFailure(
            "INVALID_INPUT",
            () ->
                activities.writeLabeledSample(
                    new LabeledSampleRequest(
                        sample.sampleId(),
                        List.of(
                            label(sample.ticketIds().get(0), "crypto_question", null, false)))));

    assertTrue(message.contains("crypto_question"), message);
  }

  @Test
  void givenUnknownSample_whenLabeledSampleWritten_thenNotFound() {
    assertFailure(
        "NOT_FOUND",
        () ->
            activities.writeLabeledSample(
                new LabeledSampleRequest(
                    "problems-nowhere", List.of(label("t1", "", null, false)))));
  }

  // --- mitigation ------------------------------------------------------------------------------

  @Test
  void givenThresholds_whenMitigationApplied_thenGlobalAndIntentThresholdsInNewVersion() {
    String version =
        activities.applyMitigation(
            mitigation("adjust_thresholds", "global=0.88, refund_request=0.93", "v12"));

    RouterConfig applied = configs.get(version);
    assertEquals(version, configs.current().configVersion());
    assertEquals(0.88, applied.confidenceThreshold());
    assertEquals(0.93, applied.thresholdFor("refund_request"));
    assertEquals(0.92, applied.thresholdFor("password_reset"));
    ChangeEntry entry = changeLog.list().get(0).content();
    assertEquals(List.of("lead-1", "lead-2"), entry.approvedBy());
    assertEquals(
        List.of(
            "confidence_threshold: 0.85 -> 0.88",
            "intent_thresholds.refund_request: (absent) -> 0.93"),
        entry.diff());
  }

  @Test
  void givenRetry_whenMitigationApplied_thenOneChange() {
    MitigationChange change = mitigation("disable_templates", "disable fee_schedule_v1", "v12");
    String first = activities.applyMitigation(change);

    String retried = activities.applyMitigation(change);

    assertEquals(first, retried);
    assertEquals(1, changeLog.list().size());
    assertFalse(configs.current().templateEnabled("fee_schedule_v1"));
  }

  @Test
  void givenSafeModeOn_whenRolledBack_thenOldContentWithSafeModeKept() {
    String safe = activities.setSafeMode(new SafeModeChange(true, "harm possible", INCIDENT));

    String version = activities.applyMitigation(mitigation("rollback", "roll back to v13", safe));

    RouterConfig restored = configs.get(version);
    RouterConfig v13 = configs.get("v13");
    assertEquals(v13.modelVersion(), restored.modelVersion());
    assertEquals(v13.templates(), restored.templates());
    assertTrue(restored.safeMode(), "safe mode is left only through its approved exit");
    assertEquals("v13", changeLog.list().get(1).content().rolledBackTo());
  }

  @Test
  void givenUnknownTemplate_whenMitigationApplied_thenInvalidInputAndNoChange() {
    assertFailure(
        "INVALID_INPUT",
        () ->
            activities.applyMitigation(
                mitigation("disable_templates", "disable refund_howto", "v12")));
    assertEquals(0, changeLog.list().size());
  }

  @Test
  void givenThresholdForUnknownIntent_whenMitigationApplied_thenInvalidInput() {
    assertFailure(
        "INVALID_INPUT",
        () ->
            activities.applyMitigation(
                mitigation("adjust_thresholds", "crypto_question=0.9", "v12")));
  }

  @Test
  void givenUnknownBaseVersion_whenMitigationApplied_thenNotFound() {
    assertFailure(
        "NOT_FOUND",
        () -> activities.applyMitigation(mitigation("adjust_thresholds", "global=0.9", "v99")));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Label label(String ticket, String goldIntent, Integer tier, boolean unsafe) {
    return new Label(
        new SubmitLabelRequest(ticket, LI, true, true, unsafe, goldIntent, null, tier, null, null),
        Instant.EPOCH,
        false);
  }

  private static MitigationChange mitigation(String kind, String details, String base) {
    return new MitigationChange(
        INCIDENT, "mitigation", kind, details, base, List.of("lead-1", "lead-2"));
  }

  private static Map<String, RoutingLogEntry> routingLog() {
    Map<String, RoutingLogEntry> log = new HashMap<>();
    RoutingLogFile.stream(DEMO.resolve("routing-log.jsonl"), (e, line) -> log.put(e.ticketId(), e));
    return log;
  }

  /** Asserts a non-retryable failure of the type, after a single attempt; returns its message. */
  private static String assertFailure(String type, Executable call) {
    ActivityFailure e = assertThrows(ActivityFailure.class, call);
    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(type, cause.getType(), cause.getOriginalMessage());
    assertTrue(cause.isNonRetryable());
    return cause.getOriginalMessage();
  }
}
