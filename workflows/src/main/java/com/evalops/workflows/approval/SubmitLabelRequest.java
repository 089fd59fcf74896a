package com.evalops.workflows.approval;

/**
 * A reviewer's answer for one sampled ticket: correct team? correct template? any safety violation?
 * The gold fields are optional corrections (null or empty when the router was right); {@code
 * goldTier} is the Tier number of the data contract.
 */
public record SubmitLabelRequest(
    String ticketId,
    Actor actor,
    boolean correctTeam,
    boolean correctTemplate,
    boolean safetyViolation,
    String goldIntent,
    String goldTeam,
    Integer goldTier,
    String goldTemplate,
    String note) {

  public SubmitLabelRequest {
    goldIntent = Text.orEmpty(goldIntent);
    goldTeam = Text.orEmpty(goldTeam);
    goldTemplate = Text.orEmpty(goldTemplate);
    note = Text.orEmpty(note);
  }
}
