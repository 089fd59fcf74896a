package com.evalops.worker.wiring;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.cadence.CalibrationActivitiesImpl;
import com.evalops.activities.cadence.DailyQaActivitiesImpl;
import com.evalops.activities.cadence.DailyQaFiles;
import com.evalops.activities.cadence.IncidentStarterActivitiesImpl;
import com.evalops.activities.cadence.ProductionInputsActivitiesImpl;
import com.evalops.activities.config.ConfigChangeActivitiesImpl;
import com.evalops.activities.config.ConfigReleaseActivitiesImpl;
import com.evalops.activities.config.SafeModeHoldJudge;
import com.evalops.activities.incident.IncidentActivitiesImpl;
import com.evalops.activities.incident.IncidentFiles;
import com.evalops.activities.incident.QaWindowActivitiesImpl;
import com.evalops.activities.runbook.EvaluationActivitiesImpl;
import com.evalops.activities.runbook.HarnessSettings;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.config.EvalopsProperties;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity implementations the runbook worker registers; application.yml names these beans
 * under {@code spring.temporal.workers}.
 */
@Configuration(proxyBeanMethods = false)
public class RunbookActivities {
  @Bean
  EvaluationActivitiesImpl evaluationActivities(
      EvalopsProperties props, RouterConfigStore configs, ArtifactStore artifacts) {
    return new EvaluationActivitiesImpl(
        new HarnessSettings(
            props.datasetRoot(),
            props.goldenVersion(),
            props.dataDir().resolve("runs"),
            List.of(props.dataDir(), props.datasetRoot())),
        configs,
        artifacts,
        Clock.systemUTC());
  }

  @Bean
  DecisionLogActivitiesImpl decisionLogActivities(Ledger<DecisionEntry> decisionLog) {
    return new DecisionLogActivitiesImpl(decisionLog);
  }

  @Bean
  ConfigChangeActivitiesImpl configChangeActivities(RouterConfigStore configs) {
    return new ConfigChangeActivitiesImpl(configs);
  }

  @Bean
  ConfigReleaseActivitiesImpl configReleaseActivities(
      EvalopsProperties props, RouterConfigStore configs) {
    Path taxonomy = taxonomy(props);
    return new ConfigReleaseActivitiesImpl(configs, () -> TaxonomyFile.load(taxonomy));
  }

  @Bean
  DailyQaActivitiesImpl dailyQaActivities(EvalopsProperties props) {
    return new DailyQaActivitiesImpl(
        new DailyQaFiles(routingLog(props), props.dataDir().resolve("daily-qa")));
  }

  @Bean
  CalibrationActivitiesImpl calibrationActivities(
      EvalopsProperties props, RouterConfigStore configs) {
    return new CalibrationActivitiesImpl(
        routingLog(props),
        taxonomy(props),
        configs,
        props.dataDir().resolve("calibration"),
        Clock.systemUTC());
  }

  @Bean
  ProductionInputsActivitiesImpl productionInputsActivities(
      EvalopsProperties props, RouterConfigStore configs, Ledger<DecisionEntry> decisionLog) {
    return new ProductionInputsActivitiesImpl(configs, decisionLog, props.goldenVersion());
  }

  @Bean
  IncidentStarterActivitiesImpl incidentStarterActivities(
      EvalopsProperties props, WorkflowClient client, RouterConfigStore configs) {
    Path taxonomy = taxonomy(props);
    return new IncidentStarterActivitiesImpl(
        client,
        props.taskQueue(),
        configs,
        () -> TaxonomyFile.load(taxonomy),
        props.goldenVersion());
  }

  @Bean
  IncidentActivitiesImpl incidentActivities(EvalopsProperties props, RouterConfigStore configs) {
    return new IncidentActivitiesImpl(
        new IncidentFiles(routingLog(props), taxonomy(props), props.dataDir().resolve("samples")),
        configs);
  }

  @Bean
  QaWindowActivitiesImpl qaWindowActivities(WorkflowClient client) {
    return new QaWindowActivitiesImpl(client);
  }

  @Bean
  SafeModeHoldJudge safeModeHoldActivities(WorkflowClient client) {
    return new SafeModeHoldJudge(client);
  }

  private static Path routingLog(EvalopsProperties props) {
    return props.datasetRoot().resolve("routing-log.jsonl");
  }

  private static Path taxonomy(EvalopsProperties props) {
    return props.datasetRoot().resolve("taxonomy.json");
  }
}
