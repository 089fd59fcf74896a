package com.evalops.workflows.cadence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the change proposal from the analysis. Pure and deterministic, so it runs inside the
 * workflow and replays the same.
 *
 * <p><b>Materiality</b> (who approves, runbooks spec "People"): a change is material, and needs
 * leadership, when it touches a template of an intent marked {@code leadership_approval}, or when
 * it enables a template: enabling puts customer-facing copy in front of customers without a person
 * in between. Disabling a template of another intent (customers get a person instead) and moving
 * the threshold need one on-call approver who is not the proposer.
 */
public final class ChangeProposals {
  private ChangeProposals() {}

  public static ChangeProposal of(String proposalId, CalibrationSummary summary) {
    ThresholdChange threshold = null;
    Double recommended = summary.recommendedThreshold();
    if (recommended != null && recommended != summary.currentThreshold()) {
      threshold =
          new ThresholdChange(
              summary.currentThreshold(), recommended, summary.recommendationReason());
    }
    List<String> material = new ArrayList<>();
    for (TemplateChange t : summary.templateChanges()) {
      if (t.leadershipIntent()) {
        material.add(
            t.template() + " answers " + t.intent() + ", whose policy and copy leadership owns");
      } else if (t.enable()) {
        material.add("enabling " + t.template() + " sends its customer copy automatically");
      }
    }
    return new ChangeProposal(
        proposalId,
        summary.configVersion(),
        threshold,
        summary.templateChanges(),
        notes(summary),
        !material.isEmpty(),
        material,
        releasePlan(summary),
        monitoring(summary));
  }

  private static List<String> notes(CalibrationSummary summary) {
    List<String> notes = new ArrayList<>();
    summary
        .newIntents()
        .forEach(
            s ->
                notes.add(
                    "new intent signal: "
                        + s.count()
                        + " tickets overridden to "
                        + s.intent()
                        + ", outside taxonomy "
                        + summary.taxonomyVersion()
                        + "; consider adding it (taxonomy, prompt "
                        + summary.promptVersion()
                        + " and model "
                        + summary.modelVersion()
                        + " update, golden set examples)"));
    if (!summary.lowConfidenceClusters().isEmpty()) {
      notes.add(
          summary.lowConfidenceTickets()
              + " tickets under the threshold in force; frequent word pairs: "
              + String.join(
                  ", ",
                  summary.lowConfidenceClusters().stream()
                      .map(c -> c.bigram() + " (" + c.count() + ")")
                      .toList()));
    }
    if (summary.recommendedThreshold() == null) {
      notes.add("threshold unchanged: " + summary.recommendationReason());
    }
    return notes;
  }

  private static List<ReleaseStep> releasePlan(CalibrationSummary summary) {
    return List.of(
        new ReleaseStep(
            "staging",
            "apply the new router-config version in staging and run the golden-set evaluation"
                + " with it",
            "verdict PASS: Tier 0 FN = 0, Tier 2 violations = 0, macro F1 not below the baseline"
                + " by 0.02 or more"),
        new ReleaseStep(
            "prod",
            "make the new version current in prod (a new version, so rollback is one step)",
            "the monitoring checklist holds for 7 days; otherwise roll back to "
                + summary.configVersion()));
  }

  private static List<String> monitoring(CalibrationSummary summary) {
    double overrideRate =
        summary.tickets() == 0 ? 0 : (double) summary.overridden() / summary.tickets();
    return List.of(
        "Tier 0 false negatives = 0 (any → stop and roll back)",
        "Tier 2 eligibility violations = 0 (any → investigate enforcement)",
        String.format(
            Locale.ROOT,
            "override rate not above the window's %.4f (%d of %d tickets)",
            overrideRate,
            summary.overridden(),
            summary.tickets()),
        "CSAT of automated replies not below the window's per-template means",
        "macro F1 on the golden set not below the baseline by 0.02 or more");
  }
}
