package com.evalops.harness.router.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Multinomial naive Bayes over lower-cased word unigrams and bigrams with Lidstone smoothing.
 *
 * <p>Results are bit-for-bit reproducible: labels are kept in sorted order, sums run in that order,
 * ties go to the label that sorts first, and logarithms use {@link StrictMath} so that generated
 * files do not depend on the JVM or CPU.
 */
public final class NaiveBayesClassifier {

  /** One training example. */
  public record Example(String text, String label) {}

  /**
   * The best label and its posterior probability.
   *
   * @param confidence the posterior probability of {@code label}, in [0, 1]
   */
  public record Classification(String label, double confidence) {}

  private final List<String> labels;
  private final double[] logPriors;
  private final Map<String, double[]> logLikelihoods;

  private NaiveBayesClassifier(
      List<String> labels, double[] logPriors, Map<String, double[]> logLikelihoods) {
    this.labels = labels;
    this.logPriors = logPriors;
    this.logLikelihoods = logLikelihoods;
  }

  /**
   * @param smoothing the Lidstone pseudo-count added to every feature count (1.0 is Laplace)
   */
  public static NaiveBayesClassifier train(List<Example> examples, double smoothing) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    if (!(smoothing > 0)) {
      throw new IllegalArgumentException("smoothing must be positive, was " + smoothing);
    }
    List<String> labels =
        new ArrayList<>(new TreeSet<>(examples.stream().map(Example::label).toList()));
    Map<String, Integer> labelIndex = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(labels.get(i), i);
    }
    int labelCount = labels.size();
    long[] documents = new long[labelCount];
    long[] featureTotals = new long[labelCount];
    Map<String, long[]> counts = new HashMap<>();
    for (Example example : examples) {
      int label = labelIndex.get(example.label());
      documents[label]++;
      for (String feature : features(example.text())) {
        counts.computeIfAbsent(feature, f -> new long[labelCount])[label]++;
        featureTotals[label]++;
      }
    }
    double vocabulary = counts.size();
    double[] logPriors = new double[labelCount];
    double[] logDenominators = new double[labelCount];
    for (int i = 0; i < labelCount; i++) {
      logPriors[i] = StrictMath.log((double) documents[i] / examples.size());
      logDenominators[i] = StrictMath.log(featureTotals[i] + smoothing * vocabulary);
    }
    Map<String, double[]> logLikelihoods = new HashMap<>(counts.size() * 2);
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      long[] featureCounts = entry.getValue();
      double[] logs = new double[labelCount];
      for (int i = 0; i < labelCount; i++) {
        logs[i] = StrictMath.log(featureCounts[i] + smoothing) - logDenominators[i];
      }
      logLikelihoods.put(entry.getKey(), logs);
    }
    return new NaiveBayesClassifier(List.copyOf(labels), logPriors, logLikelihoods);
  }

  /** The labels seen in training, sorted. */
  public List<String> labels() {
    return labels;
  }

  public Classification classify(String text) {
    double[] posteriors = posteriorArray(text);
    int best = 0;
    for (int i = 1; i < posteriors.length; i++) {
      if (posteriors[i] > posteriors[best]) {
        best = i;
      }
    }
    return new Classification(labels.get(best), posteriors[best]);
  }

  /** The posterior probability of every label; they sum to 1. */
  public SortedMap<String, Double> posteriors(String text) {
    double[] posteriors = posteriorArray(text);
    SortedMap<String, Double> byLabel = new TreeMap<>();
    for (int i = 0; i < posteriors.length; i++) {
      byLabel.put(labels.get(i), posteriors[i]);
    }
    return byLabel;
  }

  /**
   * Softmax of the log-joint probabilities, shifted by their maximum (log-sum-exp) so that long
   * texts cannot underflow every label to zero. Features never seen in training carry no evidence
   * and are skipped.
   */
  private double[] posteriorArray(String text) {
    double[] joint = logPriors.clone();
    for (String feature : features(text)) {
      double[] logs = logLikelihoods.get(feature);
      if (logs != null) {
        for (int i = 0; i < joint.length; i++) {
          joint[i] += logs[i];
        }
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double value : joint) {
      max = Math.max(max, value);
    }
    double sum = 0;
    for (int i = 0; i < joint.length; i++) {
      joint[i] = StrictMath.exp(joint[i] - max);
      sum += joint[i];
    }
    for (int i = 0; i < joint.length; i++) {
      joint[i] /= sum;
    }
    return joint;
  }

  /** Lower-cased runs of letters and digits, then every adjacent pair joined by a space. */
  static List<String> features(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        token.append(Character.toLowerCase(c));
      } else if (!token.isEmpty()) {
        tokens.add(token.toString());
        token.setLength(0);
      }
    }
    if (!token.isEmpty()) {
      tokens.add(token.toString());
    }
    List<String> features = new ArrayList<>(tokens.size() * 2);
    features.addAll(tokens);
    for (int i = 1; i < tokens.size(); i++) {
      features.add(tokens.get(i - 1) + ' ' + tokens.get(i));
    }
    return features;
  }
}
