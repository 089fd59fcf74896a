package com.evalops.demodata;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.Ticket;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the demo generator makes, before it is written to files.
 *
 * @param configs the router configs, oldest first
 * @param goldenV2 golden v1 followed by the examples v2 added
 * @param training the training tickets per model version
 */
public record DemoDataSet(
    long seed,
    Taxonomy taxonomy,
    List<RouterConfig> configs,
    List<Ticket> goldenV1,
    List<Ticket> goldenV2,
    SortedMap<String, List<Ticket>> training,
    List<RoutingLogEntry> routingLog) {

  public DemoDataSet {
    configs = List.copyOf(configs);
    goldenV1 = List.copyOf(goldenV1);
    goldenV2 = List.copyOf(goldenV2);
    SortedMap<String, List<Ticket>> copies = new TreeMap<>();
    training.forEach((model, tickets) -> copies.put(model, List.copyOf(tickets)));
    training = Collections.unmodifiableSortedMap(copies);
    routingLog = List.copyOf(routingLog);
  }

  public RouterConfig config(String configVersion) {
    return configs.stream()
        .filter(c -> c.configVersion().equals(configVersion))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no demo config " + configVersion));
  }

  /** The training tickets of the model version a config runs. */
  public List<Ticket> trainingFor(RouterConfig config) {
    List<Ticket> tickets = training.get(config.modelVersion());
    if (tickets == null) {
      throw new NoSuchElementException("no demo training set for " + config.modelVersion());
    }
    return tickets;
  }
}
