package com.evalops.workflows.audit;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes every runbook upserts, for listing in the Temporal UI. They hold no
 * PII: kinds, verdicts, versions and scopes only. Every server must have them registered at
 * start-up, or the upserting workflow fails each task.
 */
public final class RunbookSearchAttributes {
  public static final SearchAttributeKey<String> RUNBOOK_KIND =
      SearchAttributeKey.forKeyword("EvalopsRunbookKind");
  public static final SearchAttributeKey<String> VERDICT =
      SearchAttributeKey.forKeyword("EvalopsVerdict");
  public static final SearchAttributeKey<Boolean> SAFE_MODE =
      SearchAttributeKey.forBoolean("EvalopsSafeMode");
  public static final SearchAttributeKey<String> DATASET_VERSION =
      SearchAttributeKey.forKeyword("EvalopsDatasetVersion");
  public static final SearchAttributeKey<String> CONFIG_VERSION =
      SearchAttributeKey.forKeyword("EvalopsConfigVersion");
  public static final SearchAttributeKey<String> INCIDENT_SCOPE =
      SearchAttributeKey.forKeyword("EvalopsIncidentScope");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(RUNBOOK_KIND, VERDICT, SAFE_MODE, DATASET_VERSION, CONFIG_VERSION, INCIDENT_SCOPE);

  private RunbookSearchAttributes() {}
}
