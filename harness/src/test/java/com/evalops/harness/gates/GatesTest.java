package com.evalops.harness.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.comparison.ComparisonThresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {
  private static final Comparison LARGE_SHIFT = comparison(true, "confusion shift 0.0800");
  private static final Comparison SMALL_SHIFT = comparison(false);

  private static Comparison comparison(boolean large, String... reasons) {
    return new Comparison(
        "baseline-7",
        Map.of("accuracy", 0.0),
        large ? 0.08 : 0.01,
        List.of(),
        List.of(),
        large,
        List.of(reasons),
        ComparisonThresholds.DEFAULTS);
  }

  @Test
  void givenTier0Miss_whenInterpreted_thenStop() {
    Interpretation result = Gates.interpret(1, 0, null);

    assertEquals(Verdict.STOP, result.verdict());
    assertTrue(result.reasons().get(0).startsWith("1 Tier 0 false negative"));
  }

  @Test
  void givenTier0MissTier2ViolationAndLargeShift_whenInterpreted_thenStopWins() {
    assertEquals(Verdict.STOP, Gates.interpret(2, 3, LARGE_SHIFT).verdict());
  }

  @Test
  void givenTier2Violation_whenInterpreted_thenInvestigate() {
    Interpretation result = Gates.interpret(0, 3, null);

    assertEquals(Verdict.INVESTIGATE, result.verdict());
    assertTrue(result.reasons().get(0).startsWith("3 Tier 2 eligibility violation"));
  }

  @Test
  void givenTier2ViolationAndLargeShift_whenInterpreted_thenInvestigateWins() {
    assertEquals(Verdict.INVESTIGATE, Gates.interpret(0, 1, LARGE_SHIFT).verdict());
  }

  @Test
  void givenLargeShiftOnly_whenInterpreted_thenReviewWithTheComparisonsReasons() {
    Interpretation result = Gates.interpret(0, 0, LARGE_SHIFT);

    assertEquals(Verdict.REVIEW, result.verdict());
    assertEquals(List.of("confusion shift 0.0800"), result.reasons());
  }

  @Test
  void givenSmallShift_whenInterpreted_thenPassNamingTheBaseline() {
    Interpretation result = Gates.interpret(0, 0, SMALL_SHIFT);

    assertEquals(Verdict.PASS, result.verdict());
    assertTrue(result.reasons().get(0).endsWith("no large shift against baseline-7"));
  }

  @Test
  void givenNoBaseline_whenInterpreted_thenPassSayingThereIsNoBaseline() {
    Interpretation result = Gates.interpret(0, 0, null);

    assertEquals(Verdict.PASS, result.verdict());
    assertTrue(result.reasons().get(0).contains("no baseline"));
  }
}
