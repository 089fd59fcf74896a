package com.evalops.harness.recalibration;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.metrics.ClassificationMetrics;
import com.evalops.harness.router.Tier2Gates;
import com.evalops.harness.sanitize.PiiSanitizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly calibration analysis (seed §1 monthly) over a window of the production routing log:
 * threshold sweep, per-template error analysis, new-intent signals. Pure and deterministic: the
 * same entries, taxonomy and config give the same findings, in the same order.
 *
 * <p><b>Ground truth proxy.</b> Production tickets carry no gold labels. An agent override is the
 * proxy: an overridden ticket was routed wrong, its gold intent is the override's intent and its
 * gold tier that intent's tier in the taxonomy (an intent outside the taxonomy counts as not tier
 * 2, so automating it was unsafe); a ticket nobody overrode was routed right, its gold tier being
 * the predicted one. The proxy undercounts errors (agents do not correct every misroute, and an
 * automated reply may never reach an agent), so its precision is an upper bound.
 *
 * <p><b>Templates.</b> An enabled template whose automated sends are overridden at {@link
 * CalibrationBounds#maxTemplateErrorRate()} or more, over at least {@link
 * CalibrationBounds#minTemplateVolume()} sends, is proposed for disabling. A disabled template is
 * proposed for enabling only with evidence: the Tier 2 policy allows it, and the tickets the router
 * answered with it that only "template disabled" held back (its would-be sends) reach the volume
 * and stay under the error bound.
 *
 * <p><b>New intents.</b> Override intents outside the taxonomy, counted; and word pairs frequent
 * among tickets under the confidence threshold in force. Only words written entirely in lower case
 * are counted, after sanitizing: names, greetings and numbers never become a cluster.
 */
public final class CalibrationAnalysis {
  private static final Pattern WORD = Pattern.compile("[\\p{L}]+");
  private static final int MIN_WORD_LENGTH = 3;
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "you", "your", "are", "was", "can", "this", "that", "with", "have",
          "not", "but", "please", "thanks", "what", "how", "why", "when", "there", "from", "has",
          "had", "been", "our", "just", "any", "did", "does", "its", "about");

  // Indices into a template's counts.
  private static final int SENDS = 0;
  private static final int SENDS_OVERRIDDEN = 1;
  private static final int CSAT_SUM = 2;
  private static final int CSAT_COUNT = 3;
  private static final int WOULD_BE = 4;
  private static final int WOULD_BE_OVERRIDDEN = 5;

  private final Taxonomy taxonomy;
  private final RouterConfig config;
  private final CalibrationBounds bounds;
  private final Tier2Gates gates;
  private final PiiSanitizer sanitizer = new PiiSanitizer();
  private final ThresholdSweep sweep = new ThresholdSweep();
  private final Map<String, long[]> templateCounts = new TreeMap<>();
  private final Map<String, Long> unknownOverrides = new TreeMap<>();
  private final Map<String, Long> bigrams = new HashMap<>();
  private long tickets;
  private long overridden;
  private long automated;
  private long lowConfidence;

  private CalibrationAnalysis(Taxonomy taxonomy, RouterConfig config, CalibrationBounds bounds) {
    this.taxonomy = taxonomy;
    this.config = config;
    this.bounds = bounds;
    this.gates = new Tier2Gates(taxonomy, config);
    taxonomy.templateIntents().keySet().forEach(t -> templateCounts.put(t, new long[6]));
  }

  public static CalibrationFindings of(
      Iterable<RoutingLogEntry> window,
      Taxonomy taxonomy,
      RouterConfig config,
      double targetPrecision) {
    return of(window, taxonomy, config, CalibrationBounds.defaults(targetPrecision));
  }

  public static CalibrationFindings of(
      Iterable<RoutingLogEntry> window,
      Taxonomy taxonomy,
      RouterConfig config,
      CalibrationBounds bounds) {
    CalibrationAnalysis analysis = new CalibrationAnalysis(taxonomy, config, bounds);
    for (RoutingLogEntry entry : window) {
      analysis.add(entry);
    }
    return analysis.findings();
  }

  private void add(RoutingLogEntry entry) {
    tickets++;
    Prediction p = entry.prediction();
    boolean wrong = entry.override() != null;
    if (wrong) {
      overridden++;
      String goldIntent = entry.override().intent();
      if (!taxonomy.hasIntent(goldIntent)) {
        unknownOverrides.merge(goldIntent, 1L, Long::sum);
      }
    }
    if (p.automated()) {
      automated++;
    }

    List<String> refusals = gates.refusals(p, entry.channel());
    // As in the harness's scorer: the sweep moves the config's threshold, the policy floor stays.
    boolean eligibleButForConfidence =
        refusals.isEmpty()
            || (refusals.size() == 1
                && refusals.get(0).equals(Tier2Gates.BELOW_THRESHOLD)
                && p.confidence() >= taxonomy.tier2Policy().minConfidence());
    sweep.add(p.confidence(), eligibleButForConfidence, !wrong, goldTier2(entry));

    if (p.template() != null) {
      long[] counts = templateCounts.computeIfAbsent(p.template(), t -> new long[6]);
      if (p.automated()) {
        counts[SENDS]++;
        if (wrong) {
          counts[SENDS_OVERRIDDEN]++;
        }
        if (entry.csat() != null) {
          counts[CSAT_SUM] += entry.csat();
          counts[CSAT_COUNT]++;
        }
      } else if (refusals.equals(List.of(Tier2Gates.TEMPLATE_DISABLED))) {
        counts[WOULD_BE]++;
        if (wrong) {
          counts[WOULD_BE_OVERRIDDEN]++;
        }
      }
    }

    if (p.confidence() < config.thresholdFor(p.intent())) {
      lowConfidence++;
      countBigrams(entry.text());
    }
  }

  private boolean goldTier2(RoutingLogEntry entry) {
    if (entry.override() == null) {
      return entry.prediction().tier() == 2;
    }
    IntentPolicy gold = taxonomy.intent(entry.override().intent());
    return gold != null && gold.tier() == 2;
  }

  private void countBigrams(String text) {
    Matcher m = WORD.matcher(sanitizer.sanitize(text));
    String previous = null;
    while (m.find()) {
      String word = m.group();
      boolean counted =
          word.length() >= MIN_WORD_LENGTH
              && word.equals(word.toLowerCase(Locale.ROOT))
              && !STOP_WORDS.contains(word);
      if (!counted) {
        previous = null;
        continue;
      }
      if (previous != null) {
        bigrams.merge(previous + " " + word, 1L, Long::sum);
      }
      previous = word;
    }
  }

  private CalibrationFindings findings() {
    List<TemplateFinding> templates = new ArrayList<>();
    templateCounts.forEach((template, counts) -> templates.add(template(template, counts)));
    List<NewIntentSignal> newIntents =
        unknownOverrides.entrySet().stream()
            .filter(e -> e.getValue() >= bounds.minNewIntentCount())
            .map(e -> new NewIntentSignal(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(NewIntentSignal::count)
                    .reversed()
                    .thenComparing(NewIntentSignal::intent))
            .toList();
    List<LowConfidenceCluster> clusters =
        bigrams.entrySet().stream()
            .filter(e -> e.getValue() >= bounds.minClusterCount())
            .map(e -> new LowConfidenceCluster(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(LowConfidenceCluster::count)
                    .reversed()
                    .thenComparing(LowConfidenceCluster::bigram))
            .limit(bounds.maxClusters())
            .toList();
    return new CalibrationFindings(
        config.configVersion(),
        taxonomy.taxonomyVersion(),
        tickets,
        overridden,
        automated,
        config.confidenceThreshold(),
        sweep.steps(),
        sweep.recommend(bounds.targetPrecision()),
        templates,
        newIntents,
        lowConfidence,
        clusters,
        bounds);
  }

  private TemplateFinding template(String template, long[] c) {
    String intent = taxonomy.templateIntents().get(template);
    boolean enabled = config.templateEnabled(template);
    double errorRate = ClassificationMetrics.ratio(c[SENDS_OVERRIDDEN], c[SENDS]);
    double wouldBeErrorRate = ClassificationMetrics.ratio(c[WOULD_BE_OVERRIDDEN], c[WOULD_BE]);
    Double csat = c[CSAT_COUNT] == 0 ? null : (double) c[CSAT_SUM] / c[CSAT_COUNT];
    TemplateFinding.Proposal proposal = TemplateFinding.Proposal.KEEP;
    String reason;
    if (enabled) {
      if (c[SENDS] < bounds.minTemplateVolume()) {
        reason = volumeTooLow("automated sends", c[SENDS]);
      } else if (errorRate >= bounds.maxTemplateErrorRate()) {
        proposal = TemplateFinding.Proposal.DISABLE;
        reason = rate("override rate", errorRate, "≥", c[SENDS]);
      } else {
        reason = rate("override rate", errorRate, "<", c[SENDS]);
      }
    } else if (intent == null || !taxonomy.tier2Policy().allowsTemplate(intent, template)) {
      reason = "disabled and not allowed by the Tier 2 policy: enabling it would send nothing";
    } else if (c[WOULD_BE] < bounds.minTemplateVolume()) {
      reason = volumeTooLow("would-be sends", c[WOULD_BE]);
    } else if (wouldBeErrorRate < bounds.maxTemplateErrorRate()) {
      proposal = TemplateFinding.Proposal.ENABLE;
      reason = rate("would-be override rate", wouldBeErrorRate, "<", c[WOULD_BE]);
    } else {
      reason = rate("would-be override rate", wouldBeErrorRate, "≥", c[WOULD_BE]);
    }
    return new TemplateFinding(
        template,
        intent,
        enabled,
        c[SENDS],
        c[SENDS_OVERRIDDEN],
        errorRate,
        csat,
        c[CSAT_COUNT],
        c[WOULD_BE],
        c[WOULD_BE_OVERRIDDEN],
        proposal,
        reason);
  }

  private String volumeTooLow(String what, long volume) {
    return String.format(
        Locale.ROOT,
        "%d %s, under the %d needed as evidence",
        volume,
        what,
        bounds.minTemplateVolume());
  }

  private String rate(String what, double rate, String relation, long volume) {
    return String.format(
        Locale.ROOT,
        "%s %.4f %s %.4f over %d tickets",
        what,
        rate,
        relation,
        bounds.maxTemplateErrorRate(),
        volume);
  }
}
