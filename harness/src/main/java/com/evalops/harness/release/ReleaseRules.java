package com.evalops.harness.release;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one materiality rule (config-releases §3) and the release-gate class (§4), both judged on the
 * diff between the config in force and the candidate a change makes, never on the change's name: a
 * rollback that changes the model is a model change.
 */
public final class ReleaseRules {
  /** How a change becomes current once approved. */
  public enum Gate {
    /** Only makes routing safer (holds safe mode, disables templates, raises thresholds). */
    IMMEDIATE,
    /** Becomes current only after the candidate's golden evaluation passes the gates. */
    EVALUATE
  }

  private ReleaseRules() {}

  /**
   * Why the change needs leadership's M-of-N, in rule order; empty when one on-call approver other
   * than the proposer suffices.
   */
  public static List<String> materialReasons(
      Taxonomy taxonomy, RouterConfig inForce, RouterConfig candidate) {
    Set<String> reasons = new LinkedHashSet<>();
    for (FieldChange c : ConfigDiff.between(inForce, candidate)) {
      String key = c.key();
      if (key.startsWith("intent_thresholds.")) {
        String intent = key.substring("intent_thresholds.".length());
        IntentPolicy policy = taxonomy.intent(intent);
        if (policy != null && policy.leadershipApproval()) {
          reasons.add("touches leadership_approval intent " + intent);
        }
        if (policy != null
            && policy.tier() == 0
            && candidate.thresholdFor(intent) < inForce.thresholdFor(intent)) {
          reasons.add("lowers the threshold of Tier 0 intent " + intent);
        }
      } else if (key.equals("confidence_threshold")) {
        SortedSet<String> leadership = new TreeSet<>();
        SortedSet<String> tier0Lowered = new TreeSet<>();
        taxonomy
            .intents()
            .forEach(
                (intent, policy) -> {
                  if (candidate.thresholdFor(intent) == inForce.thresholdFor(intent)) {
                    return;
                  }
                  if (policy.leadershipApproval()) {
                    leadership.add(intent);
                  }
                  if (policy.tier() == 0
                      && candidate.thresholdFor(intent) < inForce.thresholdFor(intent)) {
                    tier0Lowered.add(intent);
                  }
                });
        leadership.forEach(i -> reasons.add("touches leadership_approval intent " + i));
        tier0Lowered.forEach(i -> reasons.add("lowers the threshold of Tier 0 intent " + i));
      } else if (key.startsWith("templates.")) {
        String template = key.substring("templates.".length());
        reasons.add("touches customer-facing template " + template);
        if (candidate.templateEnabled(template) && !inForce.templateEnabled(template)) {
          reasons.add("enables template " + template);
        }
      } else if (key.equals("model_version") || key.equals("prompt_version")) {
        reasons.add("changes " + c.describe());
      } else if (key.startsWith("safe_mode_scopes.") && ConfigDiff.ABSENT.equals(c.after())) {
        reasons.add("releases safe mode " + key.substring("safe_mode_scopes.".length()));
      }
    }
    return List.copyOf(reasons);
  }

  /**
   * {@link Gate#IMMEDIATE} when every changed key makes routing safer and no stored version is
   * brought back (a rollback target is evaluated like any candidate); else {@link Gate#EVALUATE}.
   */
  public static Gate gate(ConfigChange change, RouterConfig inForce, RouterConfig candidate) {
    if (change.hasOp(ConfigOperation.ROLLBACK_TO)) {
      return Gate.EVALUATE;
    }
    for (FieldChange c : ConfigDiff.between(inForce, candidate)) {
      if (!safer(c, inForce, candidate)) {
        return Gate.EVALUATE;
      }
    }
    return Gate.IMMEDIATE;
  }

  private static boolean safer(FieldChange c, RouterConfig inForce, RouterConfig candidate) {
    String key = c.key();
    if (key.startsWith("safe_mode_scopes.")) {
      return ConfigDiff.ABSENT.equals(c.before());
    }
    if (key.startsWith("templates.")) {
      return !candidate.templateEnabled(key.substring("templates.".length()));
    }
    if (key.equals("confidence_threshold")) {
      return candidate.confidenceThreshold() > inForce.confidenceThreshold();
    }
    if (key.startsWith("intent_thresholds.")) {
      String intent = key.substring("intent_thresholds.".length());
      return candidate.intentThresholds().containsKey(intent)
          && candidate.thresholdFor(intent) > inForce.thresholdFor(intent);
    }
    return false;
  }

  /**
   * A change approved on {@code approvedBase} re-applied on {@code current}, the config in force
   * now (§1).
   *
   * @param candidate what the change makes of {@code current}; null when it no longer validates
   * @param problems why the operations no longer apply to {@code current}
   * @param conflicts keys another change modified since {@code approvedBase} that this change
   *     touches or would set back, each with the value in force now and this change's value
   * @param classChanged why the materiality or the release-gate class differs from the approved one
   */
  public record Rebase(
      ConfigChange change,
      RouterConfig candidate,
      List<ChangeProblem> problems,
      List<FieldChange> conflicts,
      List<String> classChanged) {
    /** The approval still holds: nothing to show the approvers again. */
    public boolean approvalHolds() {
      return problems.isEmpty() && conflicts.isEmpty() && classChanged.isEmpty();
    }

    /** Why it goes back to the approvers, as one sentence. */
    public String reason() {
      List<String> parts = new ArrayList<>();
      problems.forEach(p -> parts.add(p.describe()));
      conflicts.forEach(c -> parts.add("conflict on " + c.describe()));
      parts.addAll(classChanged);
      return String.join("; ", parts);
    }
  }

  public static Rebase rebase(
      ConfigChange change,
      RouterConfig approvedBase,
      RouterConfig current,
      Taxonomy taxonomy,
      Set<String> storedVersions,
      Function<String, RouterConfig> stored) {
    ConfigChange moved = change.rebasedOnto(current.configVersion());
    List<ChangeProblem> problems =
        ChangeValidation.problems(moved, taxonomy, current, storedVersions, stored);
    if (!problems.isEmpty()) {
      return new Rebase(moved, null, problems, List.of(), List.of());
    }
    RouterConfig approvedCandidate = ConfigEdits.apply(approvedBase, change, stored);
    RouterConfig candidate = ConfigEdits.apply(current, moved, stored);
    // Keys the change touched when approved or touches now, against keys another change moved:
    // touching one again, or setting it back, is a conflict the approvers must see.
    Map<String, FieldChange> approved = byKey(ConfigDiff.between(approvedBase, approvedCandidate));
    Map<String, FieldChange> ours = byKey(ConfigDiff.between(current, candidate));
    Map<String, FieldChange> theirs = byKey(ConfigDiff.between(approvedBase, current));
    Set<String> touched = new TreeSet<>(approved.keySet());
    touched.addAll(ours.keySet());
    List<FieldChange> conflicts = new ArrayList<>();
    for (String key : touched) {
      FieldChange other = theirs.get(key);
      if (other != null) {
        FieldChange mine = approved.getOrDefault(key, ours.get(key));
        conflicts.add(new FieldChange(key, "now " + other.after(), "proposed " + mine.after()));
      }
    }
    List<String> classChanged = new ArrayList<>();
    boolean wasMaterial = !materialReasons(taxonomy, approvedBase, approvedCandidate).isEmpty();
    boolean isMaterial = !materialReasons(taxonomy, current, candidate).isEmpty();
    if (wasMaterial != isMaterial) {
      classChanged.add(
          "materiality changed: " + (isMaterial ? "now needs leadership" : "no longer material"));
    }
    Gate before = gate(change, approvedBase, approvedCandidate);
    Gate after = gate(moved, current, candidate);
    if (before != after) {
      classChanged.add("release gate changed from " + before + " to " + after);
    }
    return new Rebase(moved, candidate, List.of(), conflicts, classChanged);
  }

  private static Map<String, FieldChange> byKey(List<FieldChange> changes) {
    Map<String, FieldChange> map = new HashMap<>();
    changes.forEach(c -> map.put(c.key(), c));
    return map;
  }
}
