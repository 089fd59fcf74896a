package com.evalops.harness.router;

import static com.evalops.harness.contract.Fixtures.JsonLine.logEntry;
import static com.evalops.harness.contract.Fixtures.JsonLine.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Fixtures;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRouterTest {
  @TempDir Path dir;

  private static RoutableTicket ticket(String id) {
    return new RoutableTicket(id, Instant.parse("2025-12-01T09:30:00Z"), Channel.EMAIL, "text");
  }

  private static List<Prediction> route(Router router, String... ids) {
    List<Prediction> out = new ArrayList<>();
    List<RoutableTicket> tickets = new ArrayList<>();
    for (String id : ids) {
      tickets.add(ticket(id));
    }
    router.routeAll(tickets, out::add, RoutingProgress.NONE);
    return out;
  }

  @Test
  void givenRoutingLog_whenReplayed_thenEachTicketGetsTheAnswerItGotInProduction() {
    Path log =
        Fixtures.writeLines(
            dir,
            "routing-log.jsonl",
            logEntry("T1").json(),
            logEntry("T2")
                .with(
                    "prediction",
                    prediction("T2")
                        .without("ticket_id")
                        .with("intent", "\"refund_request\"")
                        .json())
                .json());

    List<Prediction> answers = route(ReplayRouter.fromRoutingLog(log), "T2", "T1");

    assertEquals(List.of("T2", "T1"), answers.stream().map(Prediction::ticketId).toList());
    assertEquals("refund_request", answers.get(0).intent());
    assertEquals("card_delivery_eta", answers.get(1).intent());
    assertEquals("replay(routing-log.jsonl)", ReplayRouter.fromRoutingLog(log).describe());
  }

  @Test
  void givenPredictionsFile_whenReplayed_thenAnswersComeFromIt() {
    Path file =
        Fixtures.writeLines(
            dir, "predictions.jsonl", prediction("T1").json(), prediction("T2").json());

    assertEquals(2, route(ReplayRouter.fromPredictions(file), "T1", "T2").size());
  }

  @Test
  void givenTicketWithoutRecordedAnswer_whenReplayed_thenRouterExceptionNamesIt() {
    Path file = Fixtures.writeLines(dir, "predictions.jsonl", prediction("T1").json());

    RouterException e =
        assertThrows(
            RouterException.class, () -> route(ReplayRouter.fromPredictions(file), "T1", "T9"));

    assertTrue(e.getMessage().contains("T9"), e.getMessage());
  }

  @Test
  void givenTicketLoggedTwice_whenLoaded_thenViolationNamesTheSecondLine() {
    Path log =
        Fixtures.writeLines(dir, "routing-log.jsonl", logEntry("T1").json(), logEntry("T1").json());

    ContractViolation e =
        assertThrows(ContractViolation.class, () -> ReplayRouter.fromRoutingLog(log));

    assertEquals(2, e.line());
  }
}
