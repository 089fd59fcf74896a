package com.evalops.worker.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The engine's API over the whole application: embedded Temporal server on a free port, real
 * workflows and activities on the demo data, bearer tokens of the demo identities.
 */
@SpringBootTest(properties = {"evalops.temporal.embedded-port=-1", "server.port=0"})
@AutoConfigureMockMvc
class EngineApiTest {
  static final Path DATA = EngineTestSupport.newDataDir();

  @DynamicPropertySource
  static void data(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  @Autowired MockMvc mvc;
  @Autowired WorkflowClient client;

  static MockHttpServletRequestBuilder as(String identity, MockHttpServletRequestBuilder request) {
    return request.header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity));
  }

  static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  String refusals() throws Exception {
    Path file = DATA.resolve("refusals.jsonl");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  @Test
  void givenNoToken_whenCallingTheApi_then401AndRecorded() throws Exception {
    mvc.perform(get("/api/runs"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.reason", containsString("no credentials")));
    mvc.perform(get("/api/runs").header("Authorization", "Bearer not-a-token"))
        .andExpect(status().isUnauthorized());
    assertTrue(refusals().contains("\"status\":401"), refusals());
  }

  @Test
  void givenLabeler_whenOpeningAnIncident_then403NamingTheRoleAndRecorded() throws Exception {
    mvc.perform(
            json(
                as("labeler-li", post("/api/incidents")),
                "{\"scope\":\"forbidden-scope\",\"alarm\":\"quality-drop\"}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.reason", containsString("labeler-li lacks the role")))
        .andExpect(jsonPath("$.reason", containsString("oncall")));
    assertTrue(refusals().contains("labeler-li"), refusals());
  }

  @Test
  void givenBadBodies_whenOpeningAnIncident_then400NamingTheField() throws Exception {
    mvc.perform(json(as("oncall-ana", post("/api/incidents")), "{\"alarm\":\"quality-drop\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("scope"));
    mvc.perform(
            json(
                as("oncall-ana", post("/api/incidents")),
                "{\"scope\":\"s\",\"alarm\":\"a\",\"harm\":\"maybe\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("harm"));
    mvc.perform(
            json(
                as("oncall-ana", post("/api/incidents")),
                "{\"scope\":\"s\",\"alarm\":\"a\",\"tickets\":3}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("tickets"))
        .andExpect(jsonPath("$.reason", containsString("tickets must be from 10 to 30")));
    mvc.perform(json(as("oncall-ana", post("/api/incidents")), "not json"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void givenAlarms_whenTheSameScopeAlarmsAgain_thenTheyJoinOneIncident() throws Exception {
    mvc.perform(
            json(
                as("oncall-ana", post("/api/alarms")),
                "{\"scope\":\"cards\",\"alarm\":\"macro-f1-drop\",\"detail\":\"0.81 < 0.88\"}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.workflowId").value("regression-cards"))
        .andExpect(jsonPath("$.joined").value(false));

    String cloudWatch =
        "{\\\"AlarmName\\\":\\\"router-misroutes\\\",\\\"NewStateValue\\\":\\\"ALARM\\\","
            + "\\\"NewStateReason\\\":\\\"Threshold crossed\\\",\\\"AlarmDescription\\\":"
            + "\\\"router quality scope=cards\\\"}";
    String sns =
        "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:t\","
            + "\"Message\":\""
            + cloudWatch
            + "\"}";
    mvc.perform(
            as("oncall-ana", post("/api/alarms")).contentType(MediaType.TEXT_PLAIN).content(sns))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.workflowId").value("regression-cards"))
        .andExpect(jsonPath("$.joined").value(true));

    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, "regression-cards");
    IncidentState state = await(incident, s -> s.alarms().size() == 2);
    assertEquals(
        List.of("webhook", "cloudwatch"), state.alarms().stream().map(a -> a.source()).toList());

    mvc.perform(
            as("oncall-ana", post("/api/alarms"))
                .contentType(MediaType.TEXT_PLAIN)
                .content(sns.replace("\\\"ALARM\\\"", "\\\"OK\\\"")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("ignored"));
    mvc.perform(
            as("oncall-ana", post("/api/alarms"))
                .contentType(MediaType.TEXT_PLAIN)
                .content(sns.replace("scope=cards", "no scope here")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("Message.Trigger.Dimensions"));
  }

  @Test
  void givenHarmfulIncident_whenLabelersUseTheQueue_thenLabelsCountAndRefusalsAreKept()
      throws Exception {
    mvc.perform(
            json(
                as("oncall-ana", post("/api/incidents")),
                "{\"scope\":\"billing\",\"alarm\":\"quality-drop\",\"harm\":true}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.workflowId").value("regression-billing"));
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, "regression-billing");
    IncidentState state = await(incident, s -> "labeling".equals(s.step()));
    assertTrue(state.safeMode(), "harm possible: safe mode before labeling");

    mvc.perform(get("/api/router-config/current").header("Authorization", bearer("auditor-au")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.config_version").value(state.configVersion()))
        .andExpect(jsonPath("$.safe_mode").value(false))
        .andExpect(jsonPath("$.safe_mode_scopes.billing[0]").value(state.incidentId()));

    String id = WorkflowIds.regression("billing");
    mvc.perform(as("labeler-li", get("/api/runs/" + id + "/labeling")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.tickets", hasSize(20)))
        .andExpect(jsonPath("$.tickets[0].text").isString())
        .andExpect(jsonPath("$.remaining", hasSize(20)));

    String ticket = state.labeling().sample().ticketIds().get(0);
    String label =
        "{\"ticketId\":\"%s\",\"correctTeam\":true,\"correctTemplate\":true,"
            + "\"note\":\"ok, my name is olivia smith, call +44 7700 900123\"}";
    mvc.perform(
            json(as("labeler-li", post("/api/runs/" + id + "/labels")), label.formatted(ticket)))
        .andExpect(status().isOk());
    mvc.perform(
            json(as("labeler-li", post("/api/runs/" + id + "/labels")), label.formatted("T-NOPE")))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.error").value("refused"))
        .andExpect(jsonPath("$.reason", containsString("T-NOPE")));
    mvc.perform(json(as("lead-1", post("/api/runs/" + id + "/labels")), label.formatted(ticket)))
        .andExpect(status().isForbidden());

    IncidentState after =
        await(
            incident,
            s -> s.labeling().refusals().size() >= 2 && s.labeling().labels().size() == 1);
    assertTrue(
        after.labeling().refusals().stream().anyMatch(r -> r.toString().contains("T-NOPE")),
        after.labeling().refusals().toString());
    // What people type is masked before the workflow keeps it.
    assertEquals(
        "ok, my name is [NAME], call [PHONE]", after.labeling().labels().get(0).submitted().note());

    mvc.perform(as("auditor-au", get("/api/runs/" + id)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("RUNNING"))
        .andExpect(jsonPath("$.state.step").value("labeling"))
        .andExpect(jsonPath("$.humanSteps.takesLabels").value(true))
        .andExpect(jsonPath("$.humanSteps.labeling.sample.ticketIds", hasSize(20)));
    mvc.perform(as("auditor-au", get("/api/decisions/verify")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.decisionLog.intact").value(true))
        .andExpect(jsonPath("$.changeLog.intact").value(true));
    mvc.perform(as("auditor-au", get("/api/change-log")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("safe_mode")));
  }

  @Test
  void givenRunbooksWithoutVotesOrLabels_whenVotedOrLabeled_then404NamingWhatTheyLack()
      throws Exception {
    mvc.perform(json(as("oncall-ana", post("/api/runs/eval")), "{\"runId\":\"no-labels\"}"))
        .andExpect(status().isAccepted());
    String evaluation = WorkflowIds.evaluation("no-labels");
    mvc.perform(
            json(
                as("labeler-li", post("/api/runs/" + evaluation + "/labels")),
                "{\"ticketId\":\"T-1\",\"correctTeam\":true,\"correctTemplate\":true}"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.reason").value(evaluation + " takes no labels"));
    mvc.perform(as("labeler-li", get("/api/runs/" + evaluation + "/labeling")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.reason").value(evaluation + " has no labeling queue"));

    mvc.perform(json(as("oncall-ana", post("/api/runs/daily")), "{\"day\":\"2025-12-17\"}"))
        .andExpect(status().isAccepted());
    String daily = WorkflowIds.dailyQa("2025-12-17");
    mvc.perform(
            json(
                as("oncall-ana", post("/api/runs/" + daily + "/votes")),
                "{\"requestId\":\"r-1\",\"approve\":true}"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.reason").value(daily + " has no approvals"));

    mvc.perform(as("auditor-au", get("/api/runs/weekly-2025-w51")))
        .andExpect(status().isNotFound())
        .andExpect(
            jsonPath("$.reason")
                .value(
                    "\"weekly-2025-w51\" is not a runbook id (evaluation-, weekly-regression-,"
                        + " daily-qa-, monthly-calibration-, regression- or safe-mode-release-)"));
  }

  @Test
  void givenDailyQaWaitingForLabels_whenMetricsAreScraped_thenItCountsAsWaitingForPeople()
      throws Exception {
    mvc.perform(
            json(
                as("oncall-ana", post("/api/runs/daily")),
                "{\"day\":\"2025-12-16\",\"sampleSize\":20}"))
        .andExpect(status().isAccepted());
    String daily = WorkflowIds.dailyQa("2025-12-16");
    Await.until(
        "daily QA's labeling queue open",
        () -> queue(daily),
        body -> body.contains("\"open\":true"));
    Pattern waiting =
        Pattern.compile("evalops_human_actions_pending\\{[^}]*kind=\"daily\"[^}]*} 1\\.0");
    Await.until(
        "one daily QA run waiting for people in the metrics",
        this::prometheus,
        text -> waiting.matcher(text).find());
  }

  private String queue(String workflowId) {
    return read(as("labeler-li", get("/api/runs/" + workflowId + "/labeling")));
  }

  private String prometheus() {
    return read(get("/actuator/prometheus"));
  }

  private String read(MockHttpServletRequestBuilder request) {
    try {
      return mvc.perform(request).andReturn().getResponse().getContentAsString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void givenAPassUnderAnotherConfig_whenGivenAsExitEvidence_then400NamingRunId() throws Exception {
    mvc.perform(
            json(
                as("oncall-ana", post("/api/incidents")),
                "{\"scope\":\"evidence\",\"alarm\":\"quality-drop\",\"harm\":true}"))
        .andExpect(status().isAccepted());
    await(
        client.newWorkflowStub(RegressionIncidentWorkflow.class, "regression-evidence"),
        s -> s.safeMode());
    mvc.perform(
            json(
                as("oncall-ana", post("/api/runs/eval")),
                "{\"runId\":\"before-safe-mode\",\"configVersion\":\"v12\"}"))
        .andExpect(status().isAccepted());
    client
        .newUntypedWorkflowStub("evaluation-before-safe-mode")
        .getResult(120, java.util.concurrent.TimeUnit.SECONDS, Object.class);
    mvc.perform(
            json(
                as("oncall-ana", post("/api/incidents/evidence/evaluations")),
                "{\"runId\":\"before-safe-mode\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("runId"))
        .andExpect(jsonPath("$.reason", containsString("a run named by a client is not evidence")));
  }

  @Test
  void givenTheEmbeddedServer_whenSchedulesAreApplied_thenItSaysSoAndFallsBackToCron()
      throws Exception {
    mvc.perform(as("labeler-mo", post("/api/schedules/apply"))).andExpect(status().isForbidden());
    mvc.perform(as("oncall-ben", post("/api/schedules/apply")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.notice", containsString("does not support Schedules")))
        .andExpect(jsonPath("$.cadences", hasSize(3)))
        .andExpect(jsonPath("$.cadences[0].mode").value("CRON"));
  }

  @Test
  void givenOpenApiAndActuator_whenRead_thenTheyDescribeTheEngine() throws Exception {
    mvc.perform(get("/v3/api-docs"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("/api/alarms")));
    mvc.perform(get("/actuator/health"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    mvc.perform(get("/actuator/prometheus"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("evalops_runbook_decisions")))
        .andExpect(content().string(containsString("evalops_human_actions_pending")));
  }

  static String bearer(String identity) {
    return "Bearer " + EngineTestSupport.token(DATA, identity);
  }

  static IncidentState await(RegressionIncidentWorkflow incident, Predicate<IncidentState> done) {
    return Await.until("the incident's expected state", incident::state, done);
  }
}
