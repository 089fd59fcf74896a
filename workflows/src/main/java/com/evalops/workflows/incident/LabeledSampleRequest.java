package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Label;
import java.util.List;

/** The labels to join with the sample's tickets into a labeled file the harness can score. */
public record LabeledSampleRequest(String sampleId, List<Label> labels) {
  public LabeledSampleRequest {
    labels = List.copyOf(labels);
  }
}
