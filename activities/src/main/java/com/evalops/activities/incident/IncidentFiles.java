package com.evalops.activities.incident;

import com.evalops.harness.ids.ConfinedPaths;
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
    return sampleDir(sampleId).resolve("problem-tickets.jsonl");
  }

  public Path labeledFile(String sampleId) {
    return sampleDir(sampleId).resolve("labeled-tickets.jsonl");
  }

  /**
   * Sample ids are made by the runbook from the incident's id, which is longer than a client's id
   * may be; the folder is held to {@code samplesDir} whatever the id.
   */
  private Path sampleDir(String sampleId) {
    return ConfinedPaths.under(samplesDir, samplesDir.resolve(sampleId));
  }
}
