package com.evalops.workflows.runbook;

import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.config.ConfigChangeRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * On-call's decision as a typed config change (config-releases §1): {@code threshold_adjust} is
 * {@code set_threshold(intent | global, value)}, {@code template_disable} is {@code
 * disable_template(template)}, {@code rollback} is {@code rollback_to(version)}. Pure, so the
 * decide validator checks the fields before anything is prepared, and every refusal names the field
 * as the decision spells it.
 */
public final class DecisionChange {
  private DecisionChange() {}

  /** Whether {@code action} changes the router config through a typed change of this runbook. */
  public static boolean changesConfig(String action) {
    return ConfigChangeRequest.THRESHOLD_ADJUST.equals(action)
        || ConfigChangeRequest.TEMPLATE_DISABLE.equals(action)
        || ConfigChangeRequest.ROLLBACK.equals(action);
  }

  /**
   * Refuses a decision whose fields cannot make a change, naming the field.
   *
   * @param recommended the threshold the run recommends, the default of {@code threshold}
   * @throws IllegalArgumentException naming the field
   */
  public static void validate(DecideRequest decision, Double recommended) {
    switch (decision.action()) {
      case ConfigChangeRequest.THRESHOLD_ADJUST -> {
        Double value = decision.threshold() != null ? decision.threshold() : recommended;
        if (value == null) {
          throw new IllegalArgumentException(
              "threshold: threshold_adjust needs the new threshold; the run recommends none");
        }
        if (value.isNaN() || value <= 0 || value > 1) {
          throw new IllegalArgumentException("threshold: " + value + " is out of (0, 1]");
        }
      }
      case ConfigChangeRequest.TEMPLATE_DISABLE ->
          require(decision.template(), "template: template_disable needs the template to disable");
      case ConfigChangeRequest.ROLLBACK ->
          require(
              decision.rollbackTo(),
              "rollbackTo: rollback needs the config version to roll back to");
      default -> {}
    }
  }

  /** The typed operation the decision asks for; only for an action that {@link #changesConfig}. */
  public static List<ConfigOperation> operations(DecideRequest decision, Double recommended) {
    return switch (decision.action()) {
      case ConfigChangeRequest.THRESHOLD_ADJUST ->
          List.of(
              ConfigOperation.setThreshold(
                  blank(decision.intent()) ? ConfigOperation.GLOBAL : decision.intent(),
                  decision.threshold() != null ? decision.threshold() : recommended));
      case ConfigChangeRequest.TEMPLATE_DISABLE ->
          List.of(ConfigOperation.disableTemplate(decision.template()));
      case ConfigChangeRequest.ROLLBACK ->
          List.of(ConfigOperation.rollbackTo(decision.rollbackTo()));
      default ->
          throw new IllegalArgumentException(
              "action " + decision.action() + " does not change the router config");
    };
  }

  /**
   * The store's problems with the change, each under the decision's own field name: {@code
   * threshold}, {@code intent}, {@code template}, {@code rollbackTo}.
   */
  public static String refusal(DecideRequest decision, List<ChangeProblem> problems) {
    return problems.stream()
        .map(p -> new ChangeProblem(field(decision.action(), p.field()), p.value(), p.problem()))
        .map(ChangeProblem::describe)
        .collect(Collectors.joining("; "));
  }

  /** The decision's field an operation's field came from, as on-call typed it. */
  static String field(String action, String operationField) {
    if (operationField.endsWith(".value")) {
      return "threshold";
    }
    if (operationField.endsWith(".target")) {
      return switch (action) {
        case ConfigChangeRequest.THRESHOLD_ADJUST -> "intent";
        case ConfigChangeRequest.TEMPLATE_DISABLE -> "template";
        default -> "rollbackTo";
      };
    }
    return operationField;
  }

  private static void require(String value, String refusal) {
    if (blank(value)) {
      throw new IllegalArgumentException(refusal);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
