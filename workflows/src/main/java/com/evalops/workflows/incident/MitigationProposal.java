package com.evalops.workflows.incident;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.approval.Actor;
import java.util.List;
import java.util.Set;

/**
 * On-call's choice of mitigation (seed §3 step 5). Whether it is material is decided by the
 * workflow ({@link MitigationRule}), not by the proposer.
 *
 * @param kind {@code disable_templates}, {@code adjust_thresholds} or {@code rollback}
 * @param intents the intents whose routing the change touches
 * @param templates the templates (customer-facing copy) the change touches
 * @param rollbackTarget for a rollback: {@code prompt}, {@code model} or {@code config}
 * @param operations the typed change (config-releases §1): what is validated, shown, approved and
 *     applied. Incidents opened before typed changes read {@code kind} and {@code details} instead;
 *     for the others {@code details} is commentary only
 */
public record MitigationProposal(
    Actor actor,
    String kind,
    String details,
    List<String> intents,
    List<String> templates,
    String rollbackTarget,
    List<ConfigOperation> operations) {

  public static final String DISABLE_TEMPLATES = "disable_templates";
  public static final String ADJUST_THRESHOLDS = "adjust_thresholds";
  public static final String ROLLBACK = "rollback";
  public static final Set<String> KINDS = Set.of(DISABLE_TEMPLATES, ADJUST_THRESHOLDS, ROLLBACK);

  public MitigationProposal {
    details = details == null ? "" : details;
    intents = intents == null ? List.of() : List.copyOf(intents);
    templates = templates == null ? List.of() : List.copyOf(templates);
    rollbackTarget = rollbackTarget == null ? "" : rollbackTarget;
    operations = operations == null ? List.of() : List.copyOf(operations);
  }

  /** A proposal of an incident opened before typed changes: kind and details only. */
  public MitigationProposal(
      Actor actor,
      String kind,
      String details,
      List<String> intents,
      List<String> templates,
      String rollbackTarget) {
    this(actor, kind, details, intents, templates, rollbackTarget, List.of());
  }

  /** A typed change with the proposer's comment. */
  public static MitigationProposal typed(
      Actor actor, String comment, List<ConfigOperation> operations) {
    return new MitigationProposal(actor, "", comment, List.of(), List.of(), "", operations);
  }
}
