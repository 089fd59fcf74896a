package com.evalops.harness.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeValidationTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", ".."), "datasets", "demo");
  private static final Taxonomy TAXONOMY = TaxonomyFile.load(DEMO.resolve("taxonomy.json"));
  private static final RouterConfig V12 =
      RouterConfigFile.load(DEMO.resolve("configs/router-config-v12.json"));

  private static List<ChangeProblem> problems(ConfigOperation... ops) {
    return ChangeValidation.problems(
        new ConfigChange("v12", List.of(ops)), TAXONOMY, V12, Set.of("v12"), v -> V12);
  }

  @Test
  void givenIntentWithoutItsOwnThreshold_whenThresholdSet_thenValid() {
    assertEquals(List.of(), problems(ConfigOperation.setThreshold("account_update", 0.9)));
  }

  @Test
  void givenIntentThresholdAlreadyInForce_whenSetAgain_thenValueNamed() {
    List<ChangeProblem> problems = problems(ConfigOperation.setThreshold("password_reset", 0.92));

    assertEquals(1, problems.size());
    assertEquals("operations[0].value", problems.get(0).field());
  }
}
