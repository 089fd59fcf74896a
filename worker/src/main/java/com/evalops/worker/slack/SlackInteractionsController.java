package com.evalops.worker.slack;

import com.evalops.worker.auth.RefusalLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's interactivity endpoint ({@code POST /slack/interactions}). Checked and answered at once:
 * the signature over the raw body (401 when it fails, nothing else happens), then the click is
 * queued and Slack gets its 200 well within its 3 seconds; the vote itself reaches the workflow
 * afterwards, and the clicker hears the outcome in an ephemeral reply.
 */
@RestController
public class SlackInteractionsController {
  public static final String PATH = "/slack/interactions";
  private static final Logger log = LoggerFactory.getLogger(SlackInteractionsController.class);

  private final SlackSignature signature;
  private final SlackVotes votes;
  private final RefusalLog refusals;

  public SlackInteractionsController(
      SlackSignature signature, SlackVotes votes, RefusalLog refusals) {
    this.signature = signature;
    this.votes = votes;
    this.refusals = refusals;
  }

  @PostMapping(PATH)
  ResponseEntity<String> interaction(HttpServletRequest request) {
    byte[] body = SlackRawBody.of(request);
    Optional<String> refused =
        signature.verify(
            request.getHeader("X-Slack-Request-Timestamp"),
            request.getHeader("X-Slack-Signature"),
            body);
    if (refused.isPresent()) {
      refusals.record(401, "", SlackVotes.CHANNEL, "POST " + PATH, "", refused.get());
      return text(401, "refused: " + refused.get());
    }
    Optional<SlackClick> click;
    try {
      click = SlackClick.fromForm(body);
    } catch (SlackClick.Malformed e) {
      log.warn("Slack: a signed interaction that is not ours to read: {}", e.getMessage());
      return text(400, e.getMessage());
    }
    if (click.isEmpty()) {
      return ResponseEntity.ok().build();
    }
    if (!votes.submit(click.get())) {
      return text(503, "too many clicks waiting; try again in a moment");
    }
    return ResponseEntity.ok().build();
  }

  private static ResponseEntity<String> text(int status, String text) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
  }
}
