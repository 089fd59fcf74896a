package com.evalops.harness.router.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.router.reference.NaiveBayesClassifier.Classification;
import com.evalops.harness.router.reference.NaiveBayesClassifier.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class NaiveBayesClassifierTest {
  private static final List<Example> TOY =
      List.of(
          new Example("where is my new card", "card_delivery"),
          new Example("my card has not arrived yet", "card_delivery"),
          new Example("when will the card be delivered", "card_delivery"),
          new Example("I want my money back for this order", "refund"),
          new Example("please refund the order", "refund"),
          new Example("refund my money please", "refund"),
          new Example("someone stole my wallet and card", "card_stolen"),
          new Example("my card was stolen last night", "card_stolen"));

  @Test
  void givenToyExamples_whenClassifyingUnseenPhrasing_thenLearnedIntentWins() {
    NaiveBayesClassifier classifier = NaiveBayesClassifier.train(TOY, 0.1);

    assertEquals("card_delivery", classifier.classify("Has my card arrived?").label());
    assertEquals("refund", classifier.classify("I would like a REFUND please").label());
    assertEquals("card_stolen", classifier.classify("card stolen from my bag").label());
  }

  @Test
  void givenAnyText_whenPosteriorsComputed_thenTheySumToOneAndConfidenceIsTheBestPosterior() {
    NaiveBayesClassifier classifier = NaiveBayesClassifier.train(TOY, 1.0);
    String text = "my card was stolen and I want a refund for the order that has not arrived";

    SortedMap<String, Double> posteriors = classifier.posteriors(text);
    Classification best = classifier.classify(text);

    assertEquals(1.0, posteriors.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    assertEquals(
        List.of("card_delivery", "card_stolen", "refund"), List.copyOf(posteriors.keySet()));
    assertEquals(posteriors.get(best.label()), best.confidence());
    assertTrue(best.confidence() > 0 && best.confidence() <= 1, "confidence " + best.confidence());
  }

  @Test
  void givenVeryLongText_whenClassified_thenNoUnderflowAndConfidenceStaysInRange() {
    NaiveBayesClassifier classifier = NaiveBayesClassifier.train(TOY, 0.1);
    String text = "please refund my money ".repeat(2_000);

    Classification classification = classifier.classify(text);

    assertEquals("refund", classification.label());
    assertTrue(classification.confidence() >= 0 && classification.confidence() <= 1);
    assertTrue(Double.isFinite(classification.confidence()));
  }

  @Test
  void givenTextWithNoKnownWords_whenClassified_thenPriorDecidesAndTieGoesToFirstLabelByName() {
    List<Example> balanced =
        List.of(new Example("alpha", "zeta_intent"), new Example("beta", "alpha_intent"));
    NaiveBayesClassifier classifier = NaiveBayesClassifier.train(balanced, 1.0);

    Classification classification = classifier.classify("nothing known here");

    assertEquals("alpha_intent", classification.label());
    assertEquals(0.5, classification.confidence(), 1e-12);
  }

  @Test
  void givenSameExamplesInAnotherOrder_whenTrained_thenIdenticalPosteriors() {
    NaiveBayesClassifier forward = NaiveBayesClassifier.train(TOY, 0.1);
    List<Example> reversed = new ArrayList<>(TOY);
    Collections.reverse(reversed);
    NaiveBayesClassifier backward = NaiveBayesClassifier.train(reversed, 0.1);
    String text = "my card has not arrived and it may be stolen";

    assertEquals(forward.posteriors(text), backward.posteriors(text));
    assertEquals(forward.classify(text), backward.classify(text));
  }

  @Test
  void givenText_whenFeaturesExtracted_thenLowerCasedUnigramsThenBigrams() {
    assertEquals(
        List.of("card", "4111", "lost", "card 4111", "4111 lost"),
        NaiveBayesClassifier.features("Card #4111 -- LOST!"));
  }

  @Test
  void givenNoExamplesOrBadSmoothing_whenTrained_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> NaiveBayesClassifier.train(List.of(), 1.0));
    assertThrows(IllegalArgumentException.class, () -> NaiveBayesClassifier.train(TOY, 0.0));
  }
}
