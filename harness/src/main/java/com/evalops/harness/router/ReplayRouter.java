package com.evalops.harness.router;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.PredictionFile;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.contract.RoutingLogFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays answers the router already gave: from a predictions file, or from the production routing
 * log (what the router answered when the ticket arrived).
 */
public final class ReplayRouter implements Router {
  private final String source;
  private final Map<String, Prediction> recorded;

  private ReplayRouter(String source, Map<String, Prediction> recorded) {
    this.source = source;
    this.recorded = recorded;
  }

  public static ReplayRouter fromPredictions(Path file) {
    Map<String, Prediction> recorded = new HashMap<>();
    PredictionFile.stream(
        file, (prediction, line) -> recorded.put(prediction.ticketId(), prediction));
    return new ReplayRouter(file.getFileName().toString(), recorded);
  }

  public static ReplayRouter fromRoutingLog(Path file) {
    Map<String, Prediction> recorded = new HashMap<>();
    RoutingLogFile.stream(
        file, (entry, line) -> remember(recorded, file, line, entry.prediction()));
    return new ReplayRouter(file.getFileName().toString(), recorded);
  }

  private static void remember(
      Map<String, Prediction> recorded, Path file, long line, Prediction prediction) {
    if (recorded.putIfAbsent(prediction.ticketId(), prediction) != null) {
      throw new ContractViolation(
          file,
          line,
          "ticket_id",
          "\"" + prediction.ticketId() + "\"",
          "a second recorded answer for this ticket");
    }
  }

  @Override
  public String describe() {
    return "replay(" + source + ")";
  }

  @Override
  public void routeAll(
      List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress) {
    long done = 0;
    for (RoutableTicket ticket : tickets) {
      Prediction prediction = recorded.get(ticket.ticketId());
      if (prediction == null) {
        throw new RouterException(
            "no recorded prediction for ticket " + ticket.ticketId() + " in " + source);
      }
      sink.accept(prediction);
      progress.routed(++done, tickets.size());
    }
  }
}
