package com.evalops.worker.safemode;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.evalops.cli.EvalopsCommand;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.report.ReportWriter;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.workflows.approval.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import picocli.CommandLine;

/**
 * config-releases §5 over the whole application: the config in force holds safe mode for billing by
 * a runbook that does not exist, for everything by nobody (a legacy {@code safe_mode: true}), for
 * payments by the regression incident this test opens, and for tech by one it terminates.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SafeModeHoldsTest {
  static final Path DATA = EngineTestSupport.newDataDir();

  @DynamicPropertySource
  static void data(DynamicPropertyRegistry registry) {
    seedConfigWithHolds();
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  /** The demo configs plus v15: v14 with the holds, made current before the engine starts. */
  static void seedConfigWithHolds() {
    try {
      Path seeds = Files.createTempDirectory("evalops-seeds");
      Path demo = EngineTestSupport.demoDataset().resolve("configs");
      for (String v : new String[] {"v12", "v13", "v14"}) {
        Files.copy(
            demo.resolve("router-config-" + v + ".json"),
            seeds.resolve("router-config-" + v + ".json"));
      }
      RouterConfig v15 =
          RouterConfigFile.load(demo.resolve("router-config-v14.json"))
              .withVersion("v15")
              .withSafeMode(true)
              .holding("billing", "regression-billing")
              .holding("payments", "regression-payments")
              .holding("tech", "regression-tech");
      Files.write(
          seeds.resolve("router-config-v15.json"),
          new ObjectMapper().writeValueAsBytes(ReportWriter.configJson(v15)));
      LocalRouterConfigStore.seed(DATA.resolve("router-configs"), seeds, "v15");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired WorkflowClient client;
  @Autowired SafeModeHolds holds;
  @LocalServerPort int port;

  static MockHttpServletRequestBuilder as(String identity, MockHttpServletRequestBuilder request) {
    return request.header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity));
  }

  private void openIncident(String scope) throws Exception {
    mvc.perform(
            as("oncall-ana", post("/api/alarms"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"" + scope + "\",\"alarm\":\"macro-f1-drop\"}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.workflowId").value("regression-" + scope));
  }

  private static String hold(String scope) {
    return "$.holds[?(@.scope == '" + scope + "')]";
  }

  @Test
  void givenHoldsOfRunbooksThatDoNotRun_whenAsked_thenOrphanedEverywhere(CapturedOutput output)
      throws Exception {
    openIncident("payments");
    openIncident("tech");
    client.newUntypedWorkflowStub("regression-tech").terminate("lost in a test");

    mvc.perform(as("auditor-au", get("/api/safe-mode")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.configVersion").value("v15"))
        .andExpect(jsonPath("$.safeMode").value(true))
        .andExpect(jsonPath("$.holds", hasSize(4)))
        .andExpect(jsonPath(hold("*") + ".holder").value("unowned"))
        .andExpect(jsonPath(hold("*") + ".state").value("orphaned"))
        .andExpect(jsonPath(hold("*") + ".orphaned").value(true))
        .andExpect(jsonPath(hold("billing") + ".holder").value("regression-billing"))
        .andExpect(jsonPath(hold("billing") + ".state").value("orphaned"))
        .andExpect(jsonPath(hold("billing") + ".why").value("no runbook with this id in Temporal"))
        .andExpect(jsonPath(hold("tech") + ".state").value("orphaned"))
        .andExpect(jsonPath(hold("tech") + ".why").value("runbook terminated without releasing"))
        .andExpect(jsonPath(hold("payments") + ".state").value("live"))
        .andExpect(jsonPath(hold("payments") + ".orphaned").value(false));

    mvc.perform(get("/actuator/prometheus"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    containsString("evalops_safe_mode_holds{scope=\"*\",state=\"orphaned\"} 1")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "evalops_safe_mode_holds{scope=\"billing\",state=\"orphaned\"} 1")))
        .andExpect(
            content()
                .string(
                    containsString("evalops_safe_mode_holds{scope=\"billing\",state=\"live\"} 0")))
        .andExpect(
            content()
                .string(
                    containsString("evalops_safe_mode_holds{scope=\"payments\",state=\"live\"} 1")))
        .andExpect(content().string(containsString("evalops_safe_mode_orphaned 3")));

    StringWriter out = new StringWriter();
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    int exit =
        cli.execute(
            "safe-mode",
            "status",
            "--as",
            "labeler-li",
            "--engine",
            "http://localhost:" + port,
            "--dev-tokens",
            DATA.resolve("dev-tokens.properties").toString());
    assertEquals(0, exit, out.toString());
    assertTrue(
        out.toString().contains("Router config v15: safe mode ON for everything")
            && out.toString().matches("(?s).*billing +regression-billing +ORPHANED .*")
            && out.toString().matches("(?s).*payments +regression-payments +live .*")
            && out.toString().contains("3 orphaned hold(s)"),
        out.toString());

    holds.reportAtStartUp();
    String warning =
        output
            .getOut()
            .lines()
            .filter(l -> l.contains("WARN") && l.contains("orphaned hold(s)"))
            .reduce((first, last) -> last)
            .orElse("");
    assertTrue(
        warning.contains("3 orphaned hold(s) in router config v15")
            && warning.contains("* held by unowned")
            && warning.contains("billing held by regression-billing")
            && warning.contains("tech held by regression-tech (runbook terminated")
            && !warning.contains("payments held by"),
        warning);
  }

  @Test
  void givenOrphanedHolds_whenTheConsoleShowsTheRouterConfig_thenMarkedOrphaned() throws Exception {
    mvc.perform(
            get("/console/configs")
                .sessionAttr(
                    "com.evalops.worker.web.ConsoleSession.identity",
                    new ApiIdentity("auditor-au", Set.of(Role.AUDITOR))))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"safe-mode-holds\"")))
        .andExpect(content().string(containsString("regression-billing")))
        .andExpect(content().string(containsString("class=\"badge orphaned\"")));
  }

  @Test
  void givenNoToken_whenAskingForSafeMode_then401() throws Exception {
    mvc.perform(get("/api/safe-mode")).andExpect(status().isUnauthorized());
  }
}
