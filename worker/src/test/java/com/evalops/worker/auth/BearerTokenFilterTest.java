package com.evalops.worker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.health.StoreWrites;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class BearerTokenFilterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void givenReasonWithQuotesAndNewlines_whenBodyWritten_thenValidJsonWithTheSameReason() {
    String reason = "token \"abc\\\" refused\nsecond line\t{\"injected\":true}";

    Map<?, ?> body = JSON.readValue(BearerTokenFilter.unauthorizedBody(reason), Map.class);

    assertEquals(Map.of("error", "unauthorized", "reason", reason), body);
  }

  @Test
  void givenNoCredentials_whenApiCalled_then401WithJsonReason(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RefusalLog refusals =
        new RefusalLog(
            dir.resolve("refusals.jsonl"),
            new EvalopsProperties.Refusals(null, null, null, null, null),
            Clock.systemUTC(),
            new StoreWrites(meters, Clock.systemUTC()),
            meters);
    BearerTokenFilter filter = new BearerTokenFilter(new TokenRegistry(List.of()), refusals);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/runs");
    request.setServletPath("/api/runs");
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(request, response, new MockFilterChain());

    refusals.close();
    assertEquals(401, response.getStatus());
    assertEquals(
        "{\"error\":\"unauthorized\","
            + "\"reason\":\"no credentials: send Authorization: Bearer <token>\"}",
        response.getContentAsString(StandardCharsets.UTF_8));
  }
}
