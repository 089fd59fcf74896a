package com.evalops.workflows.incident;

import java.util.List;

/**
 * The sampled problem tickets, by id; their text stays at {@code ref} in the artifact store so it
 * never enters workflow history.
 */
public record ProblemSample(String sampleId, List<String> ticketIds, String ref) {
  public ProblemSample {
    ticketIds = List.copyOf(ticketIds);
  }
}
