package com.evalops.activities.cadence;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.ids.SafeIds;
import com.evalops.harness.recalibration.CalibrationAnalysis;
import com.evalops.harness.recalibration.CalibrationFindings;
import com.evalops.harness.recalibration.LowConfidenceCluster;
import com.evalops.harness.recalibration.NewIntentSignal;
import com.evalops.harness.recalibration.TemplateFinding;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.storage.AtomicFiles;
import com.evalops.stores.storage.StorageJson;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.cadence.AppliedChange;
import com.evalops.workflows.cadence.ApplyProposalRequest;
import com.evalops.workflows.cadence.CalibrationActivities;
import com.evalops.workflows.cadence.CalibrationQuery;
import com.evalops.workflows.cadence.CalibrationSummary;
import com.evalops.workflows.cadence.ChangeProposal;
import com.evalops.workflows.cadence.TemplateChange;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monthly calibration's analysis on the routing-log file and its config change through the
 * config store. The full findings go to {@code <output>/<runId>/calibration.json} and {@code
 * calibration.md}; the workflow gets numbers and that location.
 */
public final class CalibrationActivitiesImpl implements CalibrationActivities {
  static final String FINDINGS_JSON = "calibration.json";
  static final String FINDINGS_MD = "calibration.md";

  private final Path routingLogFile;
  private final Path taxonomyFile;
  private final RouterConfigStore configs;
  private final Path outputDir;
  private final Clock clock;

  public CalibrationActivitiesImpl(
      Path routingLogFile,
      Path taxonomyFile,
      RouterConfigStore configs,
      Path outputDir,
      Clock clock) {
    this.routingLogFile = routingLogFile;
    this.taxonomyFile = taxonomyFile;
    this.configs = configs;
    this.outputDir = outputDir;
    this.clock = clock;
  }

  @Override
  public CalibrationSummary analyze(CalibrationQuery query) {
    String runId = safe("run id", query.runId());
    RouterConfig config = config(query.configVersion());
    Taxonomy taxonomy;
    // A month of one team's tickets fits in memory; the analysis itself counts in one pass.
    List<RoutingLogEntry> window = new ArrayList<>();
    try {
      taxonomy = TaxonomyFile.load(taxonomyFile);
      RoutingLogFile.stream(
          routingLogFile,
          (entry, line) -> {
            if (!entry.createdAt().isBefore(query.from())
                && entry.createdAt().isBefore(query.to())) {
              window.add(entry);
            }
          });
    } catch (ContractViolation e) {
      throw invalid(e.getMessage());
    }
    CalibrationFindings findings =
        CalibrationAnalysis.of(window, taxonomy, config, query.targetPrecision());
    Path folder = outputDir.resolve(runId);
    write(folder, query, findings);
    List<TemplateChange> changes = new ArrayList<>();
    for (TemplateFinding t : findings.templates()) {
      if (t.proposal() != TemplateFinding.Proposal.KEEP) {
        IntentPolicy intent = t.intent() == null ? null : taxonomy.intent(t.intent());
        changes.add(
            new TemplateChange(
                t.template(),
                t.intent(),
                t.proposal() == TemplateFinding.Proposal.ENABLE,
                intent != null && intent.leadershipApproval(),
                t.reason() + csat(t)));
      }
    }
    return new CalibrationSummary(
        runId,
        config.configVersion(),
        config.promptVersion(),
        config.modelVersion(),
        taxonomy.taxonomyVersion(),
        findings.tickets(),
        findings.overridden(),
        findings.automated(),
        findings.currentThreshold(),
        findings.recommendation().threshold(),
        findings.recommendation().reason(),
        changes,
        findings.newIntents(),
        findings.lowConfidenceTickets(),
        findings.lowConfidenceClusters(),
        folder.toUri().toString());
  }

  /**
   * The new version is named after the one it changes and the month ({@code v12-cal-2025-12}): a
   * retry computes the same name, which the config store recognises with the change id.
   */
  @Override
  public AppliedChange applyProposal(ApplyProposalRequest request) {
    ChangeProposal proposal = request.proposal();
    String from = proposal.fromConfigVersion();
    String newVersion = safe("config version", from + "-cal-" + request.month());
    RouterConfig current = configs.current();
    if (!current.configVersion().equals(from) && !current.configVersion().equals(newVersion)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the config in force moved from "
              + from
              + " to "
              + current.configVersion()
              + " while the proposal waited; run the calibration again on the new config",
          ErrorType.CONFLICT.name());
    }
    RouterConfig base = config(from);
    Map<String, Boolean> templates = new TreeMap<>();
    for (TemplateChange t : proposal.templateChanges()) {
      templates.put(t.template(), t.enable());
    }
    RouterConfig next =
        base.withVersion(newVersion)
            .withTemplates(templates)
            .withThresholds(
                proposal.thresholdChange() == null
                    ? base.confidenceThreshold()
                    : proposal.thresholdChange().to(),
                base.intentThresholds());
    ChangeEntry entry =
        configs.apply(
            next,
            new ChangeRequest(
                request.changeId(),
                request.requestedBy(),
                "monthly calibration " + request.month() + ": " + proposal.headline(),
                request.approvedBy(),
                request.runId(),
                request.decisionId()));
    return new AppliedChange(from, entry.toVersion(), entry.entryId(), entry.diff());
  }

  private void write(Path folder, CalibrationQuery query, CalibrationFindings findings) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("run_id", query.runId());
    document.put("written_at", clock.instant().toString());
    document.put("window_from", query.from().toString());
    document.put("window_to", query.to().toString());
    document.put("routing_log", routingLogFile.getFileName().toString());
    document.put("findings", findings);
    try {
      AtomicFiles.write(
          folder.resolve(FINDINGS_JSON), StorageJson.indented().writeValueAsBytes(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the calibration findings", e);
    }
    AtomicFiles.write(
        folder.resolve(FINDINGS_MD), markdown(query, findings).getBytes(StandardCharsets.UTF_8));
  }

  private static String markdown(CalibrationQuery query, CalibrationFindings f) {
    StringBuilder md = new StringBuilder();
    md.append("# Monthly calibration ").append(query.runId()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Window %s to %s, config %s, taxonomy %s: %d tickets, %d automated, %d overridden.%n%n",
            query.from(),
            query.to(),
            f.configVersion(),
            f.taxonomyVersion(),
            f.tickets(),
            f.automated(),
            f.overridden()));
    md.append("Ground truth proxy: an agent override means the route was wrong; no override means")
        .append(" it was right.\n\n");
    md.append("## Threshold\n\n")
        .append("In force ")
        .append(f.currentThreshold())
        .append("; recommended ")
        .append(f.recommendation().threshold() == null ? "none" : f.recommendation().threshold())
        .append(": ")
        .append(f.recommendation().reason())
        .append("\n\n");
    md.append("## Templates\n\n")
        .append("| template | enabled | sends | overridden | error rate | CSAT | proposal |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (TemplateFinding t : f.templates()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %.4f | %s | %s: %s |%n",
              t.template(),
              t.enabled(),
              t.automatedSends(),
              t.overriddenSends(),
              t.errorRate(),
              t.csatMean() == null ? "–" : String.format(Locale.ROOT, "%.2f", t.csatMean()),
              t.proposal(),
              t.reason()));
    }
    md.append("\n## New-intent signals\n\n");
    for (NewIntentSignal s : f.newIntents()) {
      md.append("- ").append(s.intent()).append(": ").append(s.count()).append(" overrides\n");
    }
    md.append("\nLow-confidence tickets: ").append(f.lowConfidenceTickets()).append("\n\n");
    for (LowConfidenceCluster c : f.lowConfidenceClusters()) {
      md.append("- \"").append(c.bigram()).append("\": ").append(c.count()).append("\n");
    }
    return md.toString();
  }

  private static String csat(TemplateFinding t) {
    return t.csatMean() == null
        ? ""
        : String.format(Locale.ROOT, "; CSAT %.2f over %d ratings", t.csatMean(), t.csatCount());
  }

  private RouterConfig config(String version) {
    try {
      return configs.get(version);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no router config version " + version + "; known: " + configs.versions(),
          ErrorType.NOT_FOUND.name());
    }
  }

  private static String safe(String what, String value) {
    try {
      return SafeIds.require(what, value);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.INVALID_INPUT.name());
  }
}
