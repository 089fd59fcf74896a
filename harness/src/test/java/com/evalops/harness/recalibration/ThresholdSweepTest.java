package com.evalops.harness.recalibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdSweepTest {

  @Test
  void givenSweep_whenStepsListed_thenFiftyThresholdsFromHalfTo099() {
    List<SweepStep> steps = new ThresholdSweep().steps();

    assertEquals(50, steps.size());
    for (int i = 0; i < steps.size(); i++) {
      assertEquals((50 + i) / 100.0, steps.get(i).threshold(), 0.0);
    }
    assertEquals(0.50, steps.get(0).threshold(), 0.0);
    assertEquals(0.57, steps.get(7).threshold(), 0.0);
    assertEquals(0.99, steps.get(49).threshold(), 0.0);
  }

  /** A confidence exactly at a step clears it (confidence ≥ threshold), as the router's gate. */
  @ParameterizedTest(name = "confidence {0} is automated at {1} steps, the highest {2}")
  @CsvSource({
    "0.57, 8, 0.57",
    "0.58, 9, 0.58",
    "0.85, 36, 0.85",
    "0.99, 50, 0.99",
    "1.0, 50, 0.99",
    "0.5, 1, 0.50",
    "0.4999, 0, -1"
  })
  void givenConfidenceOnAStep_whenSwept_thenAutomatedFromThatStepDown(
      double confidence, int stepsAutomated, double highest) {
    ThresholdSweep sweep = new ThresholdSweep();
    sweep.add(confidence, true, true, true);

    List<SweepStep> steps = sweep.steps();

    long automatedSteps = steps.stream().filter(s -> s.automated() == 1).count();
    assertEquals(stepsAutomated, automatedSteps);
    for (SweepStep step : steps) {
      assertEquals(step.threshold() <= confidence ? 1 : 0, step.automated(), "at " + step);
      assertEquals(step.threshold() <= highest, step.automated() == 1, "at " + step);
    }
  }

  /**
   * Six tickets: A 0.95 right, B 0.90 right, C 0.80 wrong, D 0.70 right but gold tier 1 (unsafe), E
   * 0.99 not eligible (another gate refuses), F 0.40 under every step.
   *
   * <pre>
   *   0.50–0.70  A B C D  coverage 4/6  precision 3/4  unsafe 1
   *   0.71–0.80  A B C    coverage 3/6  precision 2/3  unsafe 0
   *   0.81–0.90  A B      coverage 2/6  precision 1    unsafe 0
   *   0.91–0.95  A        coverage 1/6  precision 1    unsafe 0
   *   0.96–0.99  none     coverage 0    precision 0    unsafe 0
   * </pre>
   */
  private static ThresholdSweep handWorked() {
    ThresholdSweep sweep = new ThresholdSweep();
    sweep.add(0.95, true, true, true);
    sweep.add(0.90, true, true, true);
    sweep.add(0.80, true, false, true);
    sweep.add(0.70, true, true, false);
    sweep.add(0.99, false, true, true);
    sweep.add(0.40, true, true, true);
    return sweep;
  }

  @Test
  void givenHandWorkedTickets_whenSwept_thenCoveragePrecisionAndUnsafePerStep() {
    List<SweepStep> steps = handWorked().steps();

    assertStep(steps, 0.50, 4, 4.0 / 6, 3.0 / 4, 1);
    assertStep(steps, 0.70, 4, 4.0 / 6, 3.0 / 4, 1);
    assertStep(steps, 0.71, 3, 3.0 / 6, 2.0 / 3, 0);
    assertStep(steps, 0.80, 3, 3.0 / 6, 2.0 / 3, 0);
    assertStep(steps, 0.81, 2, 2.0 / 6, 1.0, 0);
    assertStep(steps, 0.90, 2, 2.0 / 6, 1.0, 0);
    assertStep(steps, 0.91, 1, 1.0 / 6, 1.0, 0);
    assertStep(steps, 0.95, 1, 1.0 / 6, 1.0, 0);
    assertStep(steps, 0.96, 0, 0.0, 0.0, 0);
    assertStep(steps, 0.99, 0, 0.0, 0.0, 0);
  }

  @Test
  void givenTargetMet_whenRecommended_thenLowestStepMeetingIt() {
    ThresholdRecommendation r = handWorked().recommend(0.95);

    assertEquals(0.81, r.threshold(), 0.0);
    assertEquals(0.95, r.targetPrecision(), 0.0);
  }

  @Test
  void givenLowerStepMeetsTargetButAutomatesUnsafely_whenRecommended_thenSkipped() {
    // 0.50–0.70 reach precision 0.75 ≥ 0.6 but automate the unsafe ticket D.
    assertEquals(0.71, handWorked().recommend(0.6).threshold(), 0.0);
  }

  @Test
  void givenTargetUnreachable_whenRecommended_thenNone() {
    ThresholdSweep sweep = new ThresholdSweep();
    sweep.add(0.97, true, false, true);
    sweep.add(0.93, true, true, false);

    ThresholdRecommendation r = sweep.recommend(ThresholdSweep.DEFAULT_TARGET_PRECISION);

    assertNull(r.threshold());
    assertTrue(r.reason().startsWith("no threshold from 0.50 to 0.99 reaches precision 0.95"));
  }

  @Test
  void givenNothingAutomated_whenRecommended_thenNone() {
    ThresholdSweep sweep = new ThresholdSweep();
    sweep.add(0.99, false, true, true);

    assertNull(sweep.recommend(0.95).threshold());
  }

  private static void assertStep(
      List<SweepStep> steps,
      double threshold,
      long automated,
      double coverage,
      double precision,
      long unsafe) {
    SweepStep step = steps.get((int) Math.round(threshold * 100) - 50);
    assertEquals(threshold, step.threshold(), 0.0);
    assertEquals(automated, step.automated(), "automated at " + threshold);
    assertEquals(coverage, step.coverage(), 0.0, "coverage at " + threshold);
    assertEquals(precision, step.precision(), 0.0, "precision at " + threshold);
    assertEquals(unsafe, step.unsafeAutomations(), "unsafe at " + threshold);
  }
}
