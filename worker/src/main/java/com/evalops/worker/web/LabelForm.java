package com.evalops.worker.web;

import com.evalops.worker.api.ApiException;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.SubmitLabelRequest;

/**
 * The labeling form as posted. {@code verdict=right} is the "router was right" button: the three
 * answers are yes and the gold fields are ignored. Blank gold fields mean "as the router said".
 */
public record LabelForm(
    String ticketId,
    String verdict,
    String correctTeam,
    String correctTemplate,
    String safetyViolation,
    String goldIntent,
    String goldTeam,
    String goldTier,
    String goldTemplate,
    String note) {

  static final String RIGHT = "right";

  SubmitLabelRequest toRequest(Actor actor) {
    boolean right = RIGHT.equals(verdict);
    boolean safety = "on".equals(safetyViolation) || "true".equals(safetyViolation);
    if (right) {
      return new SubmitLabelRequest(
          blankToNull(ticketId), actor, true, true, safety, null, null, null, null, note);
    }
    return new SubmitLabelRequest(
        blankToNull(ticketId),
        actor,
        !"no".equals(correctTeam),
        !"no".equals(correctTemplate),
        safety,
        blankToNull(goldIntent),
        blankToNull(goldTeam),
        tier(goldTier),
        blankToNull(goldTemplate),
        note);
  }

  private static Integer tier(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("goldTier", "gold tier must be 0, 1 or 2, was " + value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
