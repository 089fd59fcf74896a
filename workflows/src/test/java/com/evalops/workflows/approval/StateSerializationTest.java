package com.evalops.workflows.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The books' state travels as JSON: query results, update payloads and continue-as-new input. A
 * snake_case mapper is the strictest case (the REST API and the web console use it).
 */
class StateSerializationTest {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void givenApprovalStateWithVotesAndRefusals_whenRoundTripped_thenEqualAndRestorable()
      throws Exception {
    ApprovalBook book = new ApprovalBook();
    book.open(
        ApprovalRequest.of(
            "exit-1",
            "safe_mode_exit",
            "leave safe mode",
            "oncall-ana",
            T0,
            ApprovalPolicy.leadership(2, Duration.ofHours(24), Duration.ofHours(4), 1),
            Map.of("verdict", "PASS")));
    Actor leader = new Actor("lead-bo", Set.of(Role.LEADERSHIP), "slack");
    book.apply(new VoteRequest("exit-1", leader, true, "stable", "k-1"), T0.plusSeconds(60));
    book.refuse(
        new VoteRequest("exit-1", new Actor("lab-ed", Set.of(Role.LABELER), "web"), true, "", ""),
        "no role",
        T0.plusSeconds(120));

    String json = JSON.writeValueAsString(book.state());
    ApprovalState read = JSON.readValue(json, ApprovalState.class);

    assertTrue(json.contains("\"approvals_still_needed\":1"), json);
    assertEquals(book.state(), read);
    assertEquals(book.state(), new ApprovalBook(read).state());
  }

  @Test
  void givenLabelingState_whenRoundTripped_thenEqual() throws Exception {
    LabelingBook book =
        new LabelingBook(
            new LabelingSample(
                "qa-1",
                List.of("t-2", "t-1"),
                T0,
                T0.plus(Duration.ofHours(6)),
                new LabelingQuorum(80, 0)));
    book.apply(
        new SubmitLabelRequest(
            "t-1",
            new Actor("lab-ed", Set.of(Role.LABELER), "web"),
            false,
            true,
            true,
            "refund_request",
            "billing",
            0,
            null,
            "promised refund"),
        T0.plusSeconds(60));

    String json = JSON.writeValueAsString(book.state());

    assertTrue(json.contains("\"safety_violations\":[\"t-1\"]"), json);
    assertEquals(book.state(), JSON.readValue(json, LabelingState.class));
  }
}
