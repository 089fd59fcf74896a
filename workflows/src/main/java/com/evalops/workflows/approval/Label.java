package com.evalops.workflows.approval;

import java.time.Instant;

/**
 * A label the book accepted. A second opinion is a label by another person on a ticket someone
 * already labeled: kept for review, not counted again in progress.
 */
public record Label(SubmitLabelRequest submitted, Instant at, boolean secondOpinion) {

  String ticketId() {
    return submitted.ticketId();
  }

  String actorId() {
    return submitted.actor().id();
  }
}
