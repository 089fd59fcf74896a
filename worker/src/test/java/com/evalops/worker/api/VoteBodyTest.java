package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The API's vote body as the workflow's vote update receives it. */
class VoteBodyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Actor LEAD = new Actor("lead-1", Set.of(Role.LEADERSHIP), "api");

  @Test
  void givenADigestAndAnAcknowledgement_whenTheBodyIsRead_thenTheVoteCarriesBoth() {
    ApiBodies.Vote body =
        JSON.readValue(
            "{\"requestId\":\"mitigation-r2\",\"approve\":true,\"comment\":\"ok\","
                + "\"changeDigest\":\"3f9a1c0b\",\"acknowledge\":\"REVIEW\"}",
            ApiBodies.Vote.class);

    VoteRequest vote = body.toRequest(LEAD, "key-1");

    assertEquals(
        new VoteRequest("mitigation-r2", LEAD, true, "ok", "key-1", "3f9a1c0b", "REVIEW"), vote);
  }

  @Test
  void givenAnOlderBody_whenTheBodyIsRead_thenTheVoteNamesNoDigestAndAcknowledgesNothing() {
    ApiBodies.Vote body =
        JSON.readValue("{\"requestId\":\"mitigation\",\"approve\":false}", ApiBodies.Vote.class);

    VoteRequest vote = body.toRequest(LEAD, "key-2");

    assertEquals(new VoteRequest("mitigation", LEAD, false, "", "key-2"), vote);
  }

  @Test
  void givenNoRequestId_whenTheBodyIsRead_thenA400NamingIt() {
    ApiBodies.Vote body = JSON.readValue("{\"approve\":true}", ApiBodies.Vote.class);
    ApiException e = assertThrows(ApiException.class, () -> body.toRequest(LEAD, "k"));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("requestId"), e.getMessage());
  }
}
