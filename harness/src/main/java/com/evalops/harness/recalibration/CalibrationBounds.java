package com.evalops.harness.recalibration;

/**
 * The numbers the monthly calibration decides with; configuration, not literals in the analysis.
 *
 * @param targetPrecision precision the automated answers must reach (data contract §9)
 * @param maxTemplateErrorRate a template whose automated sends are overridden at this rate or more
 *     is proposed for disabling; a disabled one is proposed for enabling only below it
 * @param minTemplateVolume sends (or would-be sends) a template needs before its error rate counts
 *     as evidence: a handful of tickets proves nothing either way
 * @param minNewIntentCount overrides to one intent outside the taxonomy needed to report it
 * @param minClusterCount occurrences a word pair among low-confidence tickets needs to be reported
 * @param maxClusters how many low-confidence word pairs to report at most
 */
public record CalibrationBounds(
    double targetPrecision,
    double maxTemplateErrorRate,
    long minTemplateVolume,
    long minNewIntentCount,
    long minClusterCount,
    int maxClusters) {

  /** The error budget the default precision target leaves automated answers (1 − 0.95). */
  public static final double DEFAULT_MAX_TEMPLATE_ERROR_RATE = 0.05;

  public static final long DEFAULT_MIN_TEMPLATE_VOLUME = 50;
  public static final long DEFAULT_MIN_NEW_INTENT_COUNT = 10;
  public static final long DEFAULT_MIN_CLUSTER_COUNT = 5;
  public static final int DEFAULT_MAX_CLUSTERS = 10;

  public CalibrationBounds {
    if (targetPrecision <= 0 || targetPrecision > 1) {
      throw new IllegalArgumentException(
          "targetPrecision must be in (0, 1], was " + targetPrecision);
    }
    if (maxTemplateErrorRate <= 0 || maxTemplateErrorRate > 1) {
      throw new IllegalArgumentException(
          "maxTemplateErrorRate must be in (0, 1], was " + maxTemplateErrorRate);
    }
    if (minTemplateVolume < 1 || minNewIntentCount < 1 || minClusterCount < 1 || maxClusters < 0) {
      throw new IllegalArgumentException(
          "volumes and counts must be at least 1 (maxClusters at least 0)");
    }
  }

  public static CalibrationBounds defaults(double targetPrecision) {
    return new CalibrationBounds(
        targetPrecision,
        DEFAULT_MAX_TEMPLATE_ERROR_RATE,
        DEFAULT_MIN_TEMPLATE_VOLUME,
        DEFAULT_MIN_NEW_INTENT_COUNT,
        DEFAULT_MIN_CLUSTER_COUNT,
        DEFAULT_MAX_CLUSTERS);
  }
}
