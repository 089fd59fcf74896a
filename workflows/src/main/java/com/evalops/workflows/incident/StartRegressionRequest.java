package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Actor;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a production quality regression incident (seed §3).
 *
 * @param scope what the alarm covers (a queue, an intent family); not PII, it names the incident
 * @param harmPossible customers may get wrong answers: safe mode goes on at once
 * @param problemTicketCount how many recent problem tickets to label, 10–30
 * @param windowDays how far back to look for problem tickets
 * @param goldenVersion the golden set to evaluate, or null for the current one
 * @param configVersion the router config in force when the incident opens
 * @param leadershipApprovalIntents the taxonomy's intents marked {@code leadership_approval}: a
 *     mitigation touching one of them is material
 * @param settings deadlines and approval numbers; null means {@link IncidentSettings#defaults()}
 */
public record StartRegressionRequest(
    String scope,
    String alarmName,
    boolean harmPossible,
    Actor openedBy,
    int problemTicketCount,
    int windowDays,
    String goldenVersion,
    String configVersion,
    Set<String> leadershipApprovalIntents,
    IncidentSettings settings) {

  public static final int MIN_TICKETS = 10;
  public static final int MAX_TICKETS = 30;

  public StartRegressionRequest {
    if (scope == null || scope.isBlank()) {
      throw new IllegalArgumentException("an incident needs a scope");
    }
    if (openedBy == null) {
      throw new IllegalArgumentException("an incident needs the actor who opened it");
    }
    if (problemTicketCount < MIN_TICKETS || problemTicketCount > MAX_TICKETS) {
      throw new IllegalArgumentException(
          "problemTicketCount must be within "
              + MIN_TICKETS
              + ".."
              + MAX_TICKETS
              + ", was "
              + problemTicketCount);
    }
    leadershipApprovalIntents =
        Set.copyOf(
            new TreeSet<>(
                leadershipApprovalIntents == null ? Set.of() : leadershipApprovalIntents));
    settings = settings == null ? IncidentSettings.defaults() : settings;
  }
}
