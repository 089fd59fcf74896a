package com.evalops.harness.release;

import java.util.List;
import java.util.Locale;

/**
 * One typed operation of a {@link ConfigChange} (config-releases §1). Flat, so that it reads the
 * same in a workflow payload, a REST body and a command line:
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>op</th><th>target</th><th>value</th><th>holder</th></tr>
 *   <tr><td>{@code set_threshold}</td><td>an intent, or {@code global}</td><td>0..1</td><td></td></tr>
 *   <tr><td>{@code disable_template}, {@code enable_template}</td><td>template id</td><td></td><td></td></tr>
 *   <tr><td>{@code set_model}, {@code set_prompt}</td><td>model or prompt version</td><td></td><td></td></tr>
 *   <tr><td>{@code rollback_to}</td><td>stored config version</td><td></td><td></td></tr>
 *   <tr><td>{@code hold_safe_mode}, {@code release_safe_mode}</td><td>scope: team, intent or {@code *}</td><td></td><td>holder id</td></tr>
 * </table>
 */
public record ConfigOperation(String op, String target, Double value, String holder) {
  public static final String SET_THRESHOLD = "set_threshold";
  public static final String DISABLE_TEMPLATE = "disable_template";
  public static final String ENABLE_TEMPLATE = "enable_template";
  public static final String SET_MODEL = "set_model";
  public static final String SET_PROMPT = "set_prompt";
  public static final String ROLLBACK_TO = "rollback_to";
  public static final String HOLD_SAFE_MODE = "hold_safe_mode";
  public static final String RELEASE_SAFE_MODE = "release_safe_mode";

  /** The target of a {@code set_threshold} on the global confidence threshold. */
  public static final String GLOBAL = "global";

  public static final List<String> OPS =
      List.of(
          SET_THRESHOLD,
          DISABLE_TEMPLATE,
          ENABLE_TEMPLATE,
          SET_MODEL,
          SET_PROMPT,
          ROLLBACK_TO,
          HOLD_SAFE_MODE,
          RELEASE_SAFE_MODE);

  public ConfigOperation {
    op = op == null ? null : op.strip().toLowerCase(Locale.ROOT);
    target = target == null ? null : target.strip();
    holder = holder == null || holder.isBlank() ? null : holder.strip();
  }

  public static ConfigOperation setThreshold(String intentOrGlobal, double value) {
    return new ConfigOperation(SET_THRESHOLD, intentOrGlobal, value, null);
  }

  public static ConfigOperation disableTemplate(String template) {
    return new ConfigOperation(DISABLE_TEMPLATE, template, null, null);
  }

  public static ConfigOperation enableTemplate(String template) {
    return new ConfigOperation(ENABLE_TEMPLATE, template, null, null);
  }

  public static ConfigOperation setModel(String version) {
    return new ConfigOperation(SET_MODEL, version, null, null);
  }

  public static ConfigOperation setPrompt(String version) {
    return new ConfigOperation(SET_PROMPT, version, null, null);
  }

  public static ConfigOperation rollbackTo(String configVersion) {
    return new ConfigOperation(ROLLBACK_TO, configVersion, null, null);
  }

  public static ConfigOperation holdSafeMode(String scope, String holder) {
    return new ConfigOperation(HOLD_SAFE_MODE, scope, null, holder);
  }

  public static ConfigOperation releaseSafeMode(String scope, String holder) {
    return new ConfigOperation(RELEASE_SAFE_MODE, scope, null, holder);
  }

  /** As people read it, e.g. {@code set_threshold(fraud_report, 0.9)}. */
  public String describe() {
    StringBuilder out = new StringBuilder(op).append('(').append(target);
    if (value != null) {
      out.append(", ").append(ConfigDiff.number(value));
    }
    if (holder != null) {
      out.append(", ").append(holder);
    }
    return out.append(')').toString();
  }
}
