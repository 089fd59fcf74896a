package com.evalops.workflows.cadence;

import java.util.List;

/**
 * The monthly change proposal (seed §1 monthly output): what to change in the router config, what
 * to look at beyond it, how to release it and what to watch afterwards.
 *
 * @param thresholdChange null when the threshold stays
 * @param notes prompt/model and taxonomy work the analysis points to; people act on them, the
 *     config does not change for them
 * @param material leadership approves: see {@link ChangeProposals}
 * @param materialReasons why it is material, empty otherwise
 */
public record ChangeProposal(
    String proposalId,
    String fromConfigVersion,
    ThresholdChange thresholdChange,
    List<TemplateChange> templateChanges,
    List<String> notes,
    boolean material,
    List<String> materialReasons,
    List<ReleaseStep> releasePlan,
    List<String> monitoringChecklist) {

  public ChangeProposal {
    templateChanges = List.copyOf(templateChanges);
    notes = List.copyOf(notes);
    materialReasons = List.copyOf(materialReasons);
    releasePlan = List.copyOf(releasePlan);
    monitoringChecklist = List.copyOf(monitoringChecklist);
  }

  /** Whether applying the proposal would create a new router-config version. */
  public boolean changesConfig() {
    return thresholdChange != null || !templateChanges.isEmpty();
  }

  /** One line for people: approval requests, notices, the Decision Log. */
  public String headline() {
    if (!changesConfig()) {
      return "no router-config change";
    }
    StringBuilder text = new StringBuilder();
    if (thresholdChange != null) {
      text.append("confidence threshold ")
          .append(thresholdChange.from())
          .append(" → ")
          .append(thresholdChange.to());
    }
    for (TemplateChange t : templateChanges) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(t.enable() ? "enable " : "disable ").append(t.template());
    }
    return text.toString();
  }
}
