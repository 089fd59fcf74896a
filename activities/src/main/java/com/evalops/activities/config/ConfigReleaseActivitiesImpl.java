package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ChangeValidation;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.ConfigEdits;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.FieldChange;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.storage.Sha256;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.AppliedRelease.Status;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The store's side of a release (config-releases §1, §2, §4) over any {@link RouterConfigStore}.
 * Version names are derived from the base, the release id and the digest, so a retried activity
 * stores and makes current the same version instead of another one; the Change Log entry's id is
 * the release id, so a retried apply finds the first attempt's entry.
 */
public final class ConfigReleaseActivitiesImpl implements ConfigReleaseActivities {
  // Each turn of the loop follows a change that landed meanwhile.
  private static final int MAX_ATTEMPTS = 100;

  private final RouterConfigStore store;
  private final Supplier<Taxonomy> taxonomy;

  public ConfigReleaseActivitiesImpl(RouterConfigStore store, Supplier<Taxonomy> taxonomy) {
    this.store = store;
    this.taxonomy = taxonomy;
  }

  @Override
  public String inForce() {
    return store.current().configVersion();
  }

  /** The candidate a release makes of {@code base}, stored to be evaluated. */
  public static String candidateVersion(String base, String releaseId, String digest) {
    return stem(base) + "-c" + tag(base, releaseId, digest);
  }

  /** The version an immediate release makes of {@code base}. */
  public static String appliedVersion(String base, String releaseId, String digest) {
    return stem(base) + "-a" + tag(base, releaseId, digest);
  }

  /** The seed name a derived version starts from, so names do not grow with every change. */
  private static String stem(String version) {
    return version.replaceFirst("(-[ac]?[0-9a-f]{8})+$", "");
  }

  private static String tag(String base, String releaseId, String digest) {
    String key = base + "\n" + releaseId + "\n" + digest;
    return Sha256.of(key.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  @Override
  public PreparedRelease prepare(PrepareReleaseRequest request) {
    if (request.change() == null) {
      return invalid(request.releaseId(), null, new ChangeProblem("change", null, "required"));
    }
    RouterConfig inForce = store.current();
    ConfigChange change = request.change().rebasedOnto(inForce.configVersion());
    return prepared(request.releaseId(), change, inForce, taxonomy.get());
  }

  @Override
  public AppliedRelease apply(ApplyReleaseRequest request) {
    Optional<String> refusal = refusal(request);
    if (refusal.isPresent()) {
      return new AppliedRelease(Status.REFUSED, null, null, refusal.get());
    }
    Optional<ChangeEntry> done = store.findChange(request.releaseId());
    if (done.isPresent()) {
      return new AppliedRelease(Status.APPLIED, done.get().toVersion(), null, "");
    }
    Taxonomy taxonomy = this.taxonomy.get();
    ConfigChange change = request.change();
    ChangeRequest record =
        new ChangeRequest(
            request.releaseId(),
            request.requestedBy(),
            request.reason(),
            request.approvedBy(),
            request.linkedRunId(),
            null,
            change.digest());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      RouterConfig inForce = store.current();
      Set<String> versions = Set.copyOf(store.versions());
      if (!versions.contains(change.baseVersion())) {
        return refused("base version " + change.baseVersion() + " is not a stored config version");
      }
      if (!inForce.configVersion().equals(change.baseVersion())) {
        RouterConfig approvedBase = store.get(change.baseVersion());
        ReleaseRules.Rebase rebase =
            ReleaseRules.rebase(change, approvedBase, inForce, taxonomy, versions, store::get);
        String moved =
            "the config in force moved from "
                + approvedBase.configVersion()
                + " to "
                + inForce.configVersion();
        if (!rebase.problems().isEmpty()) {
          return new AppliedRelease(
              Status.REFUSED,
              null,
              prepared(request.releaseId(), rebase.change(), inForce, taxonomy),
              moved + ": " + rebase.reason());
        }
        if (!rebase.approvalHolds()) {
          return new AppliedRelease(
              Status.REAPPROVE,
              null,
              prepared(request.releaseId(), rebase.change(), inForce, taxonomy),
              moved + ": " + rebase.reason());
        }
        change = rebase.change();
      }
      List<ChangeProblem> problems =
          ChangeValidation.problems(change, taxonomy, inForce, versions, store::get);
      if (!problems.isEmpty()) {
        return refused(describe(problems));
      }
      RouterConfig candidate = ConfigEdits.apply(inForce, change, store::get);
      RouterConfig next;
      if (ReleaseRules.gate(change, inForce, candidate) == ReleaseRules.Gate.EVALUATE) {
        Optional<String> stale = staleEvaluation(request.evaluatedVersion(), candidate, versions);
        if (stale.isPresent()) {
          if (request.evaluatedVersion() != null
              && !versions.contains(request.evaluatedVersion())) {
            return refused(stale.get());
          }
          return new AppliedRelease(
              Status.REEVALUATE,
              null,
              prepared(request.releaseId(), change, inForce, taxonomy),
              stale.get());
        }
        next = store.get(request.evaluatedVersion());
      } else {
        next =
            candidate.withVersion(
                appliedVersion(inForce.configVersion(), request.releaseId(), change.digest()));
      }
      RouterConfigStore.Swap swap =
          store.compareAndSet(inForce.configVersion(), next, rolledBackTo(change), record);
      if (swap.applied()) {
        return new AppliedRelease(Status.APPLIED, swap.entry().toVersion(), null, "");
      }
    }
    throw new IllegalStateException(
        "release "
            + request.releaseId()
            + ": the config in force moved "
            + MAX_ATTEMPTS
            + " times while applying it");
  }

  /** Why the request cannot be applied whatever the config in force: bad input, not approved. */
  private static Optional<String> refusal(ApplyReleaseRequest request) {
    if (request.releaseId() == null || request.releaseId().isBlank()) {
      return Optional.of("releaseId is required");
    }
    if (request.change() == null || request.change().baseVersion() == null) {
      return Optional.of("change with its base version is required");
    }
    String digest = request.change().digest();
    if (!digest.equals(request.approvedDigest())) {
      return Optional.of(
          "change digest "
              + digest
              + " differs from the approved digest "
              + request.approvedDigest()
              + ": only the change approved may be applied");
    }
    if (request.requestedBy() == null || request.requestedBy().isBlank()) {
      return Optional.of("requestedBy is required");
    }
    if (request.approvedBy().stream().allMatch(request.requestedBy()::equals)) {
      return Optional.of(
          "release "
              + request.releaseId()
              + " needs an approver other than its proposer "
              + request.requestedBy());
    }
    return Optional.empty();
  }

  /** Why the evaluated version is not exactly the candidate to make current; empty when it is. */
  private Optional<String> staleEvaluation(
      String evaluatedVersion, RouterConfig candidate, Set<String> versions) {
    if (evaluatedVersion == null) {
      return Optional.of("the change must pass a golden evaluation before it becomes current");
    }
    if (!versions.contains(evaluatedVersion)) {
      return Optional.of("evaluated version " + evaluatedVersion + " is not a stored version");
    }
    RouterConfig evaluated = store.get(evaluatedVersion);
    List<FieldChange> differences = ConfigDiff.between(evaluated, candidate);
    if (!differences.isEmpty()) {
      return Optional.of(
          "the evaluated version "
              + evaluatedVersion
              + " is not the content to make current: "
              + String.join("; ", differences.stream().map(FieldChange::describe).toList()));
    }
    return Optional.empty();
  }

  private PreparedRelease prepared(
      String releaseId, ConfigChange change, RouterConfig inForce, Taxonomy taxonomy) {
    if (releaseId == null || releaseId.isBlank()) {
      return invalid(releaseId, change, new ChangeProblem("releaseId", releaseId, "required"));
    }
    List<ChangeProblem> problems =
        ChangeValidation.problems(
            change, taxonomy, inForce, Set.copyOf(store.versions()), store::get);
    if (!problems.isEmpty()) {
      return new PreparedRelease(
          releaseId, change, change.digest(), null, null, null, null, problems);
    }
    RouterConfig candidate = ConfigEdits.apply(inForce, change, store::get);
    ReleaseRules.Gate gate = ReleaseRules.gate(change, inForce, candidate);
    String candidateVersion = null;
    if (gate == ReleaseRules.Gate.EVALUATE) {
      candidateVersion = candidateVersion(inForce.configVersion(), releaseId, change.digest());
      store.store(candidate.withVersion(candidateVersion));
    }
    return new PreparedRelease(
        releaseId,
        change,
        change.digest(),
        ConfigDiff.between(inForce, candidate),
        ReleaseRules.materialReasons(taxonomy, inForce, candidate),
        gate,
        candidateVersion,
        List.of());
  }

  private static PreparedRelease invalid(
      String releaseId, ConfigChange change, ChangeProblem problem) {
    return new PreparedRelease(
        releaseId,
        change,
        change == null ? null : change.digest(),
        null,
        null,
        null,
        null,
        List.of(problem));
  }

  private static AppliedRelease refused(String reason) {
    return new AppliedRelease(Status.REFUSED, null, null, reason);
  }

  private static String describe(List<ChangeProblem> problems) {
    return String.join("; ", problems.stream().map(ChangeProblem::describe).toList());
  }

  /** The version a change brings back, for the Change Log; null when it has no rollback. */
  private static String rolledBackTo(ConfigChange change) {
    String target = null;
    for (ConfigOperation o : change.operations()) {
      if (ConfigOperation.ROLLBACK_TO.equals(o.op())) {
        target = o.target();
      }
    }
    return target;
  }
}
