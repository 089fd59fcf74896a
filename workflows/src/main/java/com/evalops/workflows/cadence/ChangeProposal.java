package com.evalops.workflows.cadence;

import com.evalops.harness.release.ConfigOperation;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly change proposal (seed §1 monthly output): what to change in the router config, what
 * to look at beyond it, how to release it and what to watch afterwards.
 *
 * @param thresholdChange null when the threshold stays
 * @param notes prompt/model and taxonomy work the analysis points to; people act on them, the
 *     config does not change for them
 * @param material leadership approves: see {@link ChangeProposals}; once the proposal is prepared
 *     as a typed change, the one rule of config-releases §3 ({@link #withMaterialReasons})
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

  /**
   * The proposal as typed operations (config-releases §1): the global threshold, then each
   * template, in the analysis' order.
   */
  public List<ConfigOperation> operations() {
    List<ConfigOperation> operations = new ArrayList<>();
    if (thresholdChange != null) {
      operations.add(ConfigOperation.setThreshold(ConfigOperation.GLOBAL, thresholdChange.to()));
    }
    for (TemplateChange t : templateChanges) {
      operations.add(
          t.enable()
              ? ConfigOperation.enableTemplate(t.template())
              : ConfigOperation.disableTemplate(t.template()));
    }
    return operations;
  }

  /** The same proposal with its materiality as the one rule of config-releases §3 judges it. */
  public ChangeProposal withMaterialReasons(List<String> reasons) {
    return new ChangeProposal(
        proposalId,
        fromConfigVersion,
        thresholdChange,
        templateChanges,
        notes,
        !reasons.isEmpty(),
        reasons,
        releasePlan,
        monitoringChecklist);
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
