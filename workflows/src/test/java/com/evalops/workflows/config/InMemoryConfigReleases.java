package com.evalops.workflows.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ChangeValidation;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.ConfigEdits;
import com.evalops.harness.release.ReleaseRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The config store's release contract ({@link ConfigReleaseActivities}) in memory, built on the
 * same pure rules as the real store, for workflow tests. Versions are numbered {@code v13}, {@code
 * v14}, … in the order they are stored, so tests can name them; the demo taxonomy is the taxonomy.
 */
public final class InMemoryConfigReleases implements ConfigReleaseActivities {
  public static final Path DEMO_TAXONOMY = Path.of("../datasets/demo/taxonomy.json");

  /** One move of the pointer: {@code v12 -> v13: disable_template(fee_schedule_v1)}. */
  public final List<String> changeLog = new CopyOnWriteArrayList<>();

  public final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, RouterConfig> versions = new LinkedHashMap<>();
  private final Taxonomy taxonomy;
  private String current;
  private int next;

  /** Starts with {@code initial} in force; the next stored version is numbered after it. */
  public InMemoryConfigReleases(RouterConfig initial) {
    this.taxonomy = TaxonomyFile.load(DEMO_TAXONOMY);
    versions.put(initial.configVersion(), initial);
    current = initial.configVersion();
    next = Integer.parseInt(initial.configVersion().substring(1)) + 1;
  }

  public synchronized RouterConfig current() {
    return versions.get(current);
  }

  public synchronized RouterConfig version(String version) {
    return versions.get(version);
  }

  /** Stores a version under its own name, e.g. an old release to roll back to; not current. */
  public synchronized void keep(RouterConfig config) {
    versions.put(config.configVersion(), config);
  }

  /** Another runbook's change lands first: stored and made current at once. */
  public synchronized String land(ConfigChange change, String why) {
    RouterConfig candidate = ConfigEdits.apply(current(), change, versions::get);
    return moveTo(store(candidate), why + ": " + change.describe());
  }

  @Override
  public synchronized String inForce() {
    return current;
  }

  @Override
  public synchronized PreparedRelease prepare(PrepareReleaseRequest request) {
    calls.add("prepare " + request.change().describe());
    return prepared(request.releaseId(), request.change().rebasedOnto(current));
  }

  @Override
  public synchronized AppliedRelease apply(ApplyReleaseRequest request) {
    calls.add("apply " + request.change().describe());
    ConfigChange change = request.change();
    if (!change.digest().equals(request.approvedDigest())) {
      return refused(
          "change " + change.digest() + " is not the approved " + request.approvedDigest());
    }
    if (request.approvedBy().isEmpty()
        || request.approvedBy().stream().allMatch(a -> a.equals(request.requestedBy()))) {
      return refused("needs an approver other than the proposer " + request.requestedBy());
    }
    RouterConfig inForce = current();
    if (!current.equals(change.baseVersion())) {
      ReleaseRules.Rebase rebase =
          ReleaseRules.rebase(
              change,
              versions.get(change.baseVersion()),
              inForce,
              taxonomy,
              versions.keySet(),
              versions::get);
      if (!rebase.approvalHolds()) {
        PreparedRelease again = prepared(request.releaseId(), rebase.change());
        return new AppliedRelease(AppliedRelease.Status.REAPPROVE, null, again, rebase.reason());
      }
      change = rebase.change();
    }
    RouterConfig candidate = ConfigEdits.apply(inForce, change, versions::get);
    ReleaseRules.Gate gate = ReleaseRules.gate(change, inForce, candidate);
    if (gate == ReleaseRules.Gate.EVALUATE) {
      RouterConfig evaluated =
          request.evaluatedVersion() == null ? null : versions.get(request.evaluatedVersion());
      if (evaluated == null
          || !evaluated.equals(candidate.withVersion(request.evaluatedVersion()))) {
        return new AppliedRelease(
            AppliedRelease.Status.REEVALUATE,
            null,
            prepared(request.releaseId(), change),
            "the evaluated candidate is not what would become current");
      }
      return applied(moveTo(request.evaluatedVersion(), change.describe()));
    }
    return applied(moveTo(store(candidate), change.describe()));
  }

  private PreparedRelease prepared(String releaseId, ConfigChange change) {
    RouterConfig inForce = current();
    List<ChangeProblem> problems =
        ChangeValidation.problems(change, taxonomy, inForce, versions.keySet(), versions::get);
    if (!problems.isEmpty()) {
      return new PreparedRelease(
          releaseId, change, change.digest(), List.of(), List.of(), null, null, problems);
    }
    RouterConfig candidate = ConfigEdits.apply(inForce, change, versions::get);
    ReleaseRules.Gate gate = ReleaseRules.gate(change, inForce, candidate);
    return new PreparedRelease(
        releaseId,
        change,
        change.digest(),
        ConfigDiff.between(inForce, candidate),
        ReleaseRules.materialReasons(taxonomy, inForce, candidate),
        gate,
        gate == ReleaseRules.Gate.EVALUATE ? storeCandidate(candidate, inForce, releaseId) : null,
        List.of());
  }

  /**
   * Candidates are named after their base and release, as the real store names them, not numbered:
   * {@code v14-safe-mode-exit-1}.
   */
  private String storeCandidate(RouterConfig candidate, RouterConfig base, String releaseId) {
    String version =
        base.configVersion() + "-" + releaseId.substring(releaseId.lastIndexOf('/') + 1);
    versions.put(version, candidate.withVersion(version));
    return version;
  }

  private String store(RouterConfig candidate) {
    String version = "v" + next++;
    versions.put(version, candidate.withVersion(version));
    return version;
  }

  private String moveTo(String version, String what) {
    changeLog.add(current + " -> " + version + ": " + what);
    current = version;
    return version;
  }

  private static AppliedRelease applied(String version) {
    return new AppliedRelease(AppliedRelease.Status.APPLIED, version, null, "");
  }

  private static AppliedRelease refused(String reason) {
    return new AppliedRelease(AppliedRelease.Status.REFUSED, null, null, reason);
  }

  /** Every version stored so far, for assertions. */
  public synchronized List<String> versions() {
    return new ArrayList<>(versions.keySet());
  }
}
