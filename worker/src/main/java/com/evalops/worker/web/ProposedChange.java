package com.evalops.worker.web;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.FieldChange;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.cadence.ChangeProposal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pending request without a change digest would change in the router config, as a diff
 * against the version it was proposed on: a monthly calibration's proposal, or the details of a
 * request opened before changes were typed (template and version names, {@code name=value}
 * thresholds). A request bound to a digest is shown with the workflow's own diff instead ({@link
 * ApprovalsController#putChange}); nothing here reads its free text.
 */
final class ProposedChange {
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z0-9_]+)\\s*=\\s*([0-9]*\\.?[0-9]+)");

  /**
   * @param note why there is no diff, when there is none
   */
  record Preview(String baseVersion, List<FieldChange> changes, String note) {}

  private ProposedChange() {}

  /** A monthly calibration's proposal: its threshold and template changes, applied as proposed. */
  static Preview of(ChangeProposal proposal, RouterConfigStore configs) {
    String base = proposal.fromConfigVersion();
    if (base == null || !configs.versions().contains(base)) {
      return new Preview(base, List.of(), "no stored config version to compare with");
    }
    RouterConfig from = configs.get(base);
    Map<String, Boolean> templates = new TreeMap<>();
    proposal.templateChanges().forEach(t -> templates.put(t.template(), t.enable()));
    RouterConfig to =
        from.withTemplates(templates)
            .withThresholds(
                proposal.thresholdChange() == null
                    ? from.confidenceThreshold()
                    : proposal.thresholdChange().to(),
                from.intentThresholds());
    List<FieldChange> changes = ConfigDiff.between(from, to);
    return new Preview(base, changes, changes.isEmpty() ? "no config change proposed" : "");
  }

  static Preview of(ApprovalRequest request, RouterConfigStore configs) {
    Map<String, String> evidence = request.evidence();
    String base = evidence.get("config_version");
    if (base == null || !configs.versions().contains(base)) {
      return new Preview(base, List.of(), "no stored config version to compare with");
    }
    RouterConfig from = configs.get(base);
    String kind = evidence.getOrDefault("kind", request.kind());
    String details = details(request.summary(), kind);
    RouterConfig to =
        switch (request.kind().equals("safe_mode_exit") ? "safe_mode_exit" : kind) {
          case "safe_mode_exit" -> from.withSafeMode(false);
          case "disable_templates" -> {
            Map<String, Boolean> off = new TreeMap<>();
            named(details, from.templates().keySet()).forEach(t -> off.put(t, false));
            yield from.withTemplates(off);
          }
          case "adjust_thresholds" -> {
            TreeMap<String, Double> intents = new TreeMap<>(from.intentThresholds());
            double global = from.confidenceThreshold();
            Matcher m = ASSIGNMENT.matcher(details);
            while (m.find()) {
              double value = Double.parseDouble(m.group(2));
              if ("global".equals(m.group(1))) {
                global = value;
              } else {
                intents.put(m.group(1), value);
              }
            }
            yield from.withThresholds(global, intents);
          }
          case "rollback" -> {
            List<String> named = named(details, configs.versions());
            yield named.size() == 1
                ? configs.get(named.get(0)).withSafeModeScopes(from.safeModeScopes())
                : null;
          }
          default -> null;
        };
    if (to == null) {
      return new Preview(base, List.of(), "the change is computed when it is applied");
    }
    List<FieldChange> changes = ConfigDiff.between(from, to);
    return new Preview(
        base, changes, changes.isEmpty() ? "the details name nothing this config has" : "");
  }

  /** The proposal's details: its summary reads {@code <kind>: <details>}. */
  private static String details(String summary, String kind) {
    String prefix = kind + ": ";
    return summary.startsWith(prefix) ? summary.substring(prefix.length()) : summary;
  }

  private static List<String> named(String details, Collection<String> known) {
    LinkedHashSet<String> named = new LinkedHashSet<>();
    Matcher m = WORD.matcher(details);
    while (m.find()) {
      if (known.contains(m.group())) {
        named.add(m.group());
      }
    }
    return List.copyOf(named);
  }
}
