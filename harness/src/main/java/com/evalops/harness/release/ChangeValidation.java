package com.evalops.harness.release;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a change at proposal time against the taxonomy and the config in force (config-releases
 * §1): a change that could not be applied is never put to a vote. Each operation is checked on the
 * config the operations before it produce, so {@code rollback_to(v12); set_threshold(global, 0.9)}
 * is judged on v12's content.
 */
public final class ChangeValidation {
  /** Versions and holders become file names, object keys and ids: a plain alphabet only. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ChangeValidation() {}

  /**
   * @param storedVersions the config versions a rollback may target
   * @param stored reads a stored version
   * @return every problem, in operation order; empty when the change may be put to a vote
   */
  public static List<ChangeProblem> problems(
      ConfigChange change,
      Taxonomy taxonomy,
      RouterConfig inForce,
      Set<String> storedVersions,
      Function<String, RouterConfig> stored) {
    List<ChangeProblem> problems = new ArrayList<>();
    if (change.operations().isEmpty()) {
      problems.add(new ChangeProblem("operations", null, "a change needs at least one operation"));
      return problems;
    }
    RouterConfig config = inForce;
    for (int i = 0; i < change.operations().size(); i++) {
      ConfigOperation o = change.operations().get(i);
      String at = "operations[" + i + "]";
      int before = problems.size();
      check(o, at, taxonomy, config, storedVersions, problems);
      if (problems.size() == before) {
        config = ConfigEdits.apply(config, new ConfigChange(null, List.of(o)), stored);
      }
    }
    if (problems.isEmpty() && ConfigDiff.between(inForce, config).isEmpty()) {
      problems.add(
          new ChangeProblem(
              "operations",
              change.describe(),
              "changes nothing in config " + inForce.configVersion()));
    }
    return problems;
  }

  private static void check(
      ConfigOperation o,
      String at,
      Taxonomy taxonomy,
      RouterConfig config,
      Set<String> storedVersions,
      List<ChangeProblem> problems) {
    if (o.op() == null || !ConfigOperation.OPS.contains(o.op())) {
      problems.add(new ChangeProblem(at + ".op", o.op(), "one of " + ConfigOperation.OPS));
      return;
    }
    if (o.target() == null || o.target().isEmpty()) {
      problems.add(new ChangeProblem(at + ".target", o.target(), "required for " + o.op()));
      return;
    }
    boolean wantsValue = ConfigOperation.SET_THRESHOLD.equals(o.op());
    if (!wantsValue && o.value() != null) {
      problems.add(
          new ChangeProblem(at + ".value", String.valueOf(o.value()), o.op() + " takes no value"));
    }
    boolean wantsHolder =
        ConfigOperation.HOLD_SAFE_MODE.equals(o.op())
            || ConfigOperation.RELEASE_SAFE_MODE.equals(o.op());
    if (!wantsHolder && o.holder() != null) {
      problems.add(new ChangeProblem(at + ".holder", o.holder(), o.op() + " takes no holder"));
    }
    String v = config.configVersion();
    switch (o.op()) {
      case ConfigOperation.SET_THRESHOLD -> {
        boolean global = ConfigOperation.GLOBAL.equals(o.target());
        if (!global && !taxonomy.hasIntent(o.target())) {
          problems.add(
              new ChangeProblem(
                  at + ".target", o.target(), "not an intent of the taxonomy, nor global"));
        } else if (o.value() == null || !(o.value() > 0 && o.value() <= 1)) {
          problems.add(
              new ChangeProblem(
                  at + ".value", String.valueOf(o.value()), "a threshold is within (0, 1]"));
        } else {
          Double now =
              global
                  ? Double.valueOf(config.confidenceThreshold())
                  : config.intentThresholds().get(o.target());
          if (now != null && now.doubleValue() == o.value()) {
            problems.add(
                new ChangeProblem(
                    at + ".value",
                    ConfigDiff.number(o.value()),
                    "already the threshold of " + o.target() + " in config " + v));
          }
        }
      }
      case ConfigOperation.DISABLE_TEMPLATE -> {
        if (!config.templates().containsKey(o.target())) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "not a template of config " + v));
        } else if (!config.templateEnabled(o.target())) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "already disabled in config " + v));
        }
      }
      case ConfigOperation.ENABLE_TEMPLATE -> {
        if (!taxonomy.templates().containsKey(o.target())) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "not a template of the taxonomy"));
        } else if (config.templateEnabled(o.target())) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "already enabled in config " + v));
        }
      }
      case ConfigOperation.SET_MODEL, ConfigOperation.SET_PROMPT -> {
        boolean model = ConfigOperation.SET_MODEL.equals(o.op());
        String now = model ? config.modelVersion() : config.promptVersion();
        if (!NAME.matcher(o.target()).matches()) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "a version matches " + NAME.pattern()));
        } else if (o.target().equals(now)) {
          problems.add(
              new ChangeProblem(
                  at + ".target",
                  o.target(),
                  "already the " + (model ? "model" : "prompt") + " of config " + v));
        }
      }
      case ConfigOperation.ROLLBACK_TO -> {
        if (!storedVersions.contains(o.target())) {
          problems.add(
              new ChangeProblem(at + ".target", o.target(), "not a stored config version"));
        } else if (o.target().equals(v)) {
          problems.add(new ChangeProblem(at + ".target", o.target(), "is the config in force"));
        }
      }
      default -> checkSafeMode(o, at, taxonomy, config, problems);
    }
  }

  private static void checkSafeMode(
      ConfigOperation o,
      String at,
      Taxonomy taxonomy,
      RouterConfig config,
      List<ChangeProblem> problems) {
    if (!isScope(o.target(), taxonomy)) {
      problems.add(
          new ChangeProblem(
              at + ".target", o.target(), "a scope is *, a team or an intent of the taxonomy"));
      return;
    }
    if (o.holder() == null || !NAME.matcher(o.holder()).matches()) {
      problems.add(
          new ChangeProblem(at + ".holder", o.holder(), "a holder id matches " + NAME.pattern()));
      return;
    }
    SortedSet<String> holders = config.safeModeScopes().get(o.target());
    boolean held = holders != null && holders.contains(o.holder());
    if (ConfigOperation.HOLD_SAFE_MODE.equals(o.op()) && held) {
      problems.add(
          new ChangeProblem(
              at + ".holder",
              o.holder(),
              "already holds safe mode for "
                  + o.target()
                  + " in config "
                  + config.configVersion()));
    } else if (ConfigOperation.RELEASE_SAFE_MODE.equals(o.op()) && !held) {
      problems.add(
          new ChangeProblem(
              at + ".holder",
              o.holder(),
              "holds no safe mode for "
                  + o.target()
                  + " in config "
                  + config.configVersion()
                  + "; holders: "
                  + (holders == null ? "none" : String.join(", ", holders))));
    }
  }

  /** {@code *}, a team of the taxonomy or one of its intents. */
  public static boolean isScope(String scope, Taxonomy taxonomy) {
    if (RouterConfig.ALL_SCOPES.equals(scope) || taxonomy.hasIntent(scope)) {
      return true;
    }
    for (IntentPolicy policy : taxonomy.intents().values()) {
      if (policy.team().equals(scope)) {
        return true;
      }
    }
    return false;
  }
}
