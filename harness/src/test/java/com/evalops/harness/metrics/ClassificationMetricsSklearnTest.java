package com.evalops.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bit-exact agreement with scikit-learn 1.2.1 on the fixtures that {@code
 * src/test/resources/sklearn/make_fixtures.py} generated (see that script to regenerate them).
 */
class ClassificationMetricsSklearnTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> fixtures() throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> listing = Files.list(folder())) {
      listing
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .forEach(names::add);
    }
    return names.stream();
  }

  private static Path folder() throws URISyntaxException {
    return Path.of(ClassificationMetricsSklearnTest.class.getResource("/sklearn").toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void givenSklearnFixture_whenScored_thenEveryNumberIsBitIdentical(String name)
      throws IOException, URISyntaxException {
    JsonNode fixture = JSON.readTree(folder().resolve(name).toFile());
    List<String> yTrue = strings(fixture.get("y_true"));
    List<String> yPred = strings(fixture.get("y_pred"));

    ConfusionMatrix matrix = sortedUnionConfusion(yTrue, yPred);
    ClassificationMetrics metrics = ClassificationMetrics.of(matrix);

    assertEquals(strings(fixture.get("labels")), matrix.labels());
    JsonNode confusion = fixture.get("confusion");
    for (int i = 0; i < matrix.size(); i++) {
      long[] expectedRow = new long[matrix.size()];
      for (int j = 0; j < expectedRow.length; j++) {
        expectedRow[j] = confusion.get(i).get(j).asLong();
      }
      assertArrayEquals(expectedRow, matrix.counts()[i], "confusion row " + matrix.labels().get(i));
    }
    assertEquals(matrix.labels(), List.copyOf(metrics.perIntent().keySet()));
    for (Map.Entry<String, IntentScore> entry : metrics.perIntent().entrySet()) {
      JsonNode expected = fixture.get("per_label").get(entry.getKey());
      IntentScore actual = entry.getValue();
      String label = entry.getKey();
      assertEquals(expected.get("precision").asDouble(), actual.precision(), 0.0, label);
      assertEquals(expected.get("recall").asDouble(), actual.recall(), 0.0, label);
      assertEquals(expected.get("f1").asDouble(), actual.f1(), 0.0, label);
      assertEquals(expected.get("support").asLong(), actual.support(), label);
    }
    JsonNode macro = fixture.get("macro");
    assertEquals(macro.get("precision").asDouble(), metrics.macroPrecision(), 0.0, "macro P");
    assertEquals(macro.get("recall").asDouble(), metrics.macroRecall(), 0.0, "macro R");
    assertEquals(macro.get("f1").asDouble(), metrics.macroF1(), 0.0, "macro F1");
    assertEquals(fixture.get("accuracy").asDouble(), metrics.accuracy(), 0.0, "accuracy");
  }

  /**
   * The confusion matrix over the sorted union of gold and predicted labels, as Scorer builds it.
   */
  static ConfusionMatrix sortedUnionConfusion(List<String> yTrue, List<String> yPred) {
    TreeSet<String> union = new TreeSet<>(yTrue);
    union.addAll(yPred);
    List<String> labels = List.copyOf(union);
    long[][] counts = new long[labels.size()][labels.size()];
    for (int k = 0; k < yTrue.size(); k++) {
      counts[labels.indexOf(yTrue.get(k))][labels.indexOf(yPred.get(k))]++;
    }
    return new ConfusionMatrix(labels, counts);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
