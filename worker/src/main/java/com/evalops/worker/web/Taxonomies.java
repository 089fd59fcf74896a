package com.evalops.worker.web;

import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.worker.config.EvalopsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** The data set's taxonomy, for the labeling form's choices (intents, teams, templates, tiers). */
@Component
public class Taxonomies {
  private final Path file;
  private volatile Taxonomy taxonomy;

  public Taxonomies(EvalopsProperties props) {
    this.file = props.datasetRoot().resolve("taxonomy.json");
  }

  /** Intent to "team, tier N", sorted; empty when the engine has no taxonomy file. */
  Map<String, String> intents() {
    Map<String, String> intents = new TreeMap<>();
    Taxonomy t = taxonomy();
    if (t != null) {
      t.intents().forEach((k, v) -> intents.put(k, v.team() + ", tier " + v.tier()));
    }
    return intents;
  }

  List<String> teams() {
    Taxonomy t = taxonomy();
    return t == null
        ? List.of()
        : List.copyOf(new TreeSet<>(t.intents().values().stream().map(p -> p.team()).toList()));
  }

  List<String> templates() {
    Taxonomy t = taxonomy();
    return t == null ? List.of() : List.copyOf(t.templateIntents().keySet());
  }

  private Taxonomy taxonomy() {
    if (taxonomy == null && Files.exists(file)) {
      taxonomy = TaxonomyFile.load(file);
    }
    return taxonomy;
  }
}
