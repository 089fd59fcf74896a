package com.evalops.worker.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the person who clicked, and only them: an ephemeral message posted to the click's {@code
 * response_url}, leaving the approval message itself as it is (the posting side updates that).
 */
public class SlackReplies {
  private static final Logger log = LoggerFactory.getLogger(SlackReplies.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;

  public SlackReplies() {
    this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
  }

  SlackReplies(HttpClient http) {
    this.http = http;
  }

  /**
   * Posts {@code text} as an ephemeral reply. A failure is logged, not thrown: the vote is already
   * decided and recorded, and the clicker sees the outcome on the message when it is updated.
   */
  public void ephemeral(String responseUrl, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("response_type", "ephemeral");
    body.put("replace_original", false);
    body.put("text", text);
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(responseUrl))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(body), StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        log.warn(
            "Slack: ephemeral reply refused ({}): {}; it said: {}",
            response.statusCode(),
            response.body(),
            text);
      }
    } catch (IOException | IllegalArgumentException e) {
      log.warn("Slack: cannot send the ephemeral reply ({}); it said: {}", e.toString(), text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Slack: interrupted sending the ephemeral reply; it said: {}", text);
    }
  }
}
