package com.evalops.harness.release;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The committed demo taxonomy and router configs v12 (m3), v13 (m4) and v14 (m5). */
final class DemoConfigs {
  static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");
  static final Taxonomy TAXONOMY = TaxonomyFile.load(DEMO.resolve("taxonomy.json"));
  static final RouterConfig V12 = load("v12");
  static final RouterConfig V13 = load("v13");
  static final RouterConfig V14 = load("v14");

  private DemoConfigs() {}

  private static RouterConfig load(String version) {
    return RouterConfigFile.load(DEMO.resolve("configs/router-config-" + version + ".json"));
  }

  /**
   * The stored versions: the three demo files plus any extra, as a config store would hold them.
   */
  static Store store(RouterConfig... extra) {
    Map<String, RouterConfig> versions = new TreeMap<>();
    for (RouterConfig c : List.of(V12, V13, V14)) {
      versions.put(c.configVersion(), c);
    }
    for (RouterConfig c : extra) {
      versions.put(c.configVersion(), c);
    }
    return new Store(versions);
  }

  record Store(Map<String, RouterConfig> versions) {
    Set<String> names() {
      return versions.keySet();
    }

    RouterConfig get(String version) {
      RouterConfig c = versions.get(version);
      if (c == null) {
        throw new IllegalArgumentException("no stored version " + version);
      }
      return c;
    }

    List<ChangeProblem> problems(ConfigChange change, RouterConfig inForce) {
      return ChangeValidation.problems(change, TAXONOMY, inForce, names(), this::get);
    }

    RouterConfig candidate(ConfigChange change, RouterConfig inForce) {
      return ConfigEdits.apply(inForce, change, this::get);
    }

    List<String> materialReasons(ConfigChange change, RouterConfig inForce) {
      return ReleaseRules.materialReasons(TAXONOMY, inForce, candidate(change, inForce));
    }

    ReleaseRules.Gate gate(ConfigChange change, RouterConfig inForce) {
      return ReleaseRules.gate(change, inForce, candidate(change, inForce));
    }

    ReleaseRules.Rebase rebase(ConfigChange change, RouterConfig approvedBase, RouterConfig now) {
      return ReleaseRules.rebase(change, approvedBase, now, TAXONOMY, names(), this::get);
    }
  }

  static ConfigChange change(RouterConfig base, ConfigOperation... ops) {
    return new ConfigChange(base.configVersion(), List.of(ops));
  }
}
