package com.evalops.activities.incident;

import java.nio.file.Path;

/**
 * Where the regression runbook reads the routing log and the taxonomy and keeps its samples.
 *
 * @param routingLog the production routing log (data contract §5), JSON Lines
 * @param taxonomyFile the taxonomy labels are checked against (data contract §2)
 * @param samplesDir one folder per problem-ticket sample: the sanitized sample and its labeled
 *     ticket file
 */
public record IncidentFiles(Path routingLog, Path taxonomyFile, Path samplesDir) {

  public Path sampleFile(String sampleId) {
    return samplesDir.resolve(sampleId).resolve("problem-tickets.jsonl");
  }

  public Path labeledFile(String sampleId) {
    return samplesDir.resolve(sampleId).resolve("labeled-tickets.jsonl");
  }
}
