package com.evalops.demodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.router.RoutingProgress;
import com.evalops.harness.router.Tier2Gates;
import com.evalops.harness.router.reference.ReferenceRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo data must tell the story the runbook needs: the prod model m3 passes, m4 regresses on a
 * non-safety intent (REVIEW) and m5 misses Tier 0 tickets (STOP). Checked by actually training the
 * reference router on each training set and routing golden v2 under the matching config.
 */
class DemoVerdictsTest {
  private static DemoDataSet data;
  private static Map<String, List<Prediction>> predictionsByConfig;

  @BeforeAll
  static void routeGoldenV2UnderEveryConfig() {
    data = DemoDataGenerator.build(DemoDataGenerator.DEFAULT_SEED);
    predictionsByConfig = new TreeMap<>();
    for (RouterConfig config : data.configs()) {
      ReferenceRouter router =
          new ReferenceRouter(data.trainingFor(config), data.taxonomy(), config);
      List<Prediction> predictions = new ArrayList<>();
      router.routeAll(
          data.goldenV2().stream().map(Ticket::routable).toList(),
          predictions::add,
          RoutingProgress.NONE);
      predictionsByConfig.put(config.configVersion(), predictions);
      System.out.printf(
          "demo %s (%s): accuracy %.4f, macro F1 %.4f, tier 0 misses %d%n",
          config.configVersion(),
          config.modelVersion(),
          accuracy(predictions),
          macroF1(predictions),
          tier0Misses(predictions));
    }
  }

  @Test
  void givenProdModelM3_whenGoldenV2Routed_thenNoTier0MissNoGateViolationAndRealisticAccuracy() {
    List<Prediction> v12 = predictionsByConfig.get("v12");

    assertEquals(0, tier0Misses(v12));
    assertEquals(0, gateViolations(data.config("v12"), v12));
    double accuracy = accuracy(v12);
    assertTrue(accuracy >= 0.85 && accuracy <= 0.97, "m3 accuracy " + accuracy);
  }

  @Test
  void givenM4_whenComparedToM3_thenSomeSupportedIntentLosesRecallButNoTier0Miss() {
    List<Prediction> v12 = predictionsByConfig.get("v12");
    List<Prediction> v13 = predictionsByConfig.get("v13");
    Map<String, Double> baselineRecall = recallBySupportedIntent(v12);
    Map<String, Double> candidateRecall = recallBySupportedIntent(v13);
    double worstDrop =
        baselineRecall.keySet().stream()
            .mapToDouble(i -> baselineRecall.get(i) - candidateRecall.get(i))
            .max()
            .orElseThrow();

    assertEquals(0, tier0Misses(v13));
    assertEquals(0, gateViolations(data.config("v13"), v13));
    assertTrue(
        worstDrop >= 0.10 || macroF1(v12) - macroF1(v13) >= 0.02,
        "m4 recall drop " + worstDrop + ", macro F1 " + macroF1(v12) + " -> " + macroF1(v13));
  }

  @Test
  void givenM5TrainedOnCorruptedTier0Labels_whenGoldenV2Routed_thenTier0TicketsMissed() {
    assertTrue(tier0Misses(predictionsByConfig.get("v14")) >= 1);
  }

  @Test
  void givenRoutingLog_whenRoutedAgainByM3UnderV12_thenSamePredictions() {
    RouterConfig prod = data.config("v12");
    ReferenceRouter router = new ReferenceRouter(data.trainingFor(prod), data.taxonomy(), prod);

    for (RoutingLogEntry entry : data.routingLog()) {
      assertEquals(router.route(entry.routable()), entry.prediction(), entry.ticketId());
    }
  }

  private static long tier0Misses(List<Prediction> predictions) {
    long misses = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (data.goldenV2().get(i).tier() == 0 && predictions.get(i).tier() != 0) {
        misses++;
      }
    }
    return misses;
  }

  private static long gateViolations(RouterConfig config, List<Prediction> predictions) {
    Tier2Gates gates = new Tier2Gates(data.taxonomy().tier2Policy(), config);
    long violations = 0;
    for (int i = 0; i < predictions.size(); i++) {
      Prediction prediction = predictions.get(i);
      if (prediction.automated()
          && !gates.refusals(prediction, data.goldenV2().get(i).channel()).isEmpty()) {
        violations++;
      }
    }
    return violations;
  }

  private static double accuracy(List<Prediction> predictions) {
    int correct = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (predictions.get(i).intent().equals(data.goldenV2().get(i).intent())) {
        correct++;
      }
    }
    return (double) correct / predictions.size();
  }

  /** Recall of every gold intent with support of at least 10. */
  private static Map<String, Double> recallBySupportedIntent(List<Prediction> predictions) {
    Map<String, int[]> hitsAndSupport = new TreeMap<>();
    for (int i = 0; i < predictions.size(); i++) {
      String gold = data.goldenV2().get(i).intent();
      int[] counts = hitsAndSupport.computeIfAbsent(gold, g -> new int[2]);
      counts[1]++;
      if (predictions.get(i).intent().equals(gold)) {
        counts[0]++;
      }
    }
    Map<String, Double> recall = new TreeMap<>();
    hitsAndSupport.forEach(
        (intent, counts) -> {
          if (counts[1] >= 10) {
            recall.put(intent, (double) counts[0] / counts[1]);
          }
        });
    return recall;
  }

  /** Unweighted mean F1 over the union of gold and predicted intents, zero where undefined. */
  private static double macroF1(List<Prediction> predictions) {
    TreeSet<String> labels = new TreeSet<>();
    Map<String, int[]> counts = new TreeMap<>();
    for (int i = 0; i < predictions.size(); i++) {
      String gold = data.goldenV2().get(i).intent();
      String predicted = predictions.get(i).intent();
      labels.add(gold);
      labels.add(predicted);
      if (gold.equals(predicted)) {
        counts.computeIfAbsent(gold, l -> new int[3])[0]++;
      } else {
        counts.computeIfAbsent(predicted, l -> new int[3])[1]++;
        counts.computeIfAbsent(gold, l -> new int[3])[2]++;
      }
    }
    double sum = 0;
    for (String label : labels) {
      int[] c = counts.getOrDefault(label, new int[3]);
      double denominator = 2.0 * c[0] + c[1] + c[2];
      sum += denominator == 0 ? 0 : 2.0 * c[0] / denominator;
    }
    return sum / labels.size();
  }
}
