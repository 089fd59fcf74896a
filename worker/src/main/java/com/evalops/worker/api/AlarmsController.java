package com.evalops.worker.api;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alarm webhooks: a generic JSON alarm, or a CloudWatch alarm delivered by SNS. Each opens the
 * scope's incident or joins the open one and answers 202 with its workflow id. SNS posts its JSON
 * as {@code text/plain}, so the body is read as text and parsed here.
 */
@RestController
@RequestMapping("/api/alarms")
public class AlarmsController {
  private static final Logger log = LoggerFactory.getLogger(AlarmsController.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SCOPE = Pattern.compile("(?i)\\bscope\\s*=\\s*([A-Za-z0-9._-]+)");
  private static final Pattern HARM = Pattern.compile("(?i)\\bharm\\s*=\\s*(true|yes)\\b");

  /**
   * The generic alarm's fields; any other is refused by name, since a misspelled {@code harm} would
   * silently keep safe mode off. (SNS envelopes are AWS's format and are read leniently.)
   */
  private static final Set<String> GENERIC_FIELDS = Set.of("scope", "alarm", "harm", "detail");

  private final HumanActions actions;
  private final IncidentOpener opener;

  public AlarmsController(HumanActions actions, IncidentOpener opener) {
    this.actions = actions;
    this.opener = opener;
  }

  @PostMapping(consumes = "*/*")
  ResponseEntity<Map<String, Object>> alarm(HttpServletRequest http, @RequestBody String body) {
    Actor actor = actions.authorize(http, null, Permission.RAISE_ALARM);
    JsonNode json = parse(body, "the alarm");
    String type = text(json, "Type");
    if ("SubscriptionConfirmation".equals(type)) {
      // Confirming means fetching a URL taken from the request; an operator does it on purpose.
      log.warn(
          "SNS subscription to {} awaits confirmation: visit {}",
          text(json, "TopicArn"),
          text(json, "SubscribeURL"));
      return ResponseEntity.accepted().body(Map.of("status", "subscription confirmation logged"));
    }
    if ("Notification".equals(type)) {
      return cloudWatch(actor, parse(required(json, "Message"), "the SNS Message"));
    }
    for (String field : json.propertyNames()) {
      if (!GENERIC_FIELDS.contains(field)) {
        throw ApiException.badRequest(
            field,
            "unknown field "
                + field
                + "; a generic alarm takes "
                + String.join(", ", GENERIC_FIELDS.stream().sorted().toList()));
      }
    }
    String scope = required(json, "scope");
    String alarm = required(json, "alarm");
    JsonNode harmField = json.path("harm");
    if (!harmField.isMissingNode() && !harmField.isNull() && !harmField.isBoolean()) {
      throw ApiException.badRequest("harm", "harm must be true or false");
    }
    boolean harm = harmField.asBoolean(false);
    return ResponseEntity.accepted()
        .body(
            opener.openOrJoin(
                scope,
                alarm,
                harm,
                actor,
                IncidentOpener.DEFAULT_TICKETS,
                IncidentOpener.DEFAULT_WINDOW_DAYS,
                "webhook",
                text(json, "detail")));
  }

  /**
   * A CloudWatch alarm: only the ALARM state opens an incident. The scope comes from a {@code
   * scope} dimension or {@code scope=…} in the alarm description; {@code harm=true} there says
   * customers may be harmed.
   */
  private ResponseEntity<Map<String, Object>> cloudWatch(Actor actor, JsonNode alarm) {
    String name = required(alarm, "AlarmName");
    String state = text(alarm, "NewStateValue");
    if (!"ALARM".equals(state)) {
      Map<String, Object> ignored = new LinkedHashMap<>();
      ignored.put("status", "ignored");
      ignored.put("reason", "alarm " + name + " is " + state + ", not ALARM");
      return ResponseEntity.accepted().body(ignored);
    }
    String description = text(alarm, "AlarmDescription");
    String scope = null;
    for (JsonNode d : alarm.path("Trigger").path("Dimensions")) {
      String dimension = d.path("name").asString(d.path("Name").asString(""));
      if (dimension.toLowerCase(Locale.ROOT).equals("scope")) {
        scope = d.path("value").asString(d.path("Value").asString(null));
      }
    }
    if (scope == null) {
      Matcher m = SCOPE.matcher(description);
      if (!m.find()) {
        throw ApiException.badRequest(
            "Message.Trigger.Dimensions",
            "alarm "
                + name
                + " names no scope: add a \"scope\" dimension or \"scope=<queue>\" to its"
                + " description");
      }
      scope = m.group(1);
    }
    return ResponseEntity.accepted()
        .body(
            opener.openOrJoin(
                scope,
                name,
                HARM.matcher(description).find(),
                actor,
                IncidentOpener.DEFAULT_TICKETS,
                IncidentOpener.DEFAULT_WINDOW_DAYS,
                "cloudwatch",
                text(alarm, "NewStateReason")));
  }

  private static JsonNode parse(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest(null, what + " must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw ApiException.badRequest(null, what + " is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String required(JsonNode json, String field) {
    String value = text(json, field);
    if (value.isBlank()) {
      throw ApiException.badRequest(field, field + " is required");
    }
    return value;
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? "" : value.asString();
  }
}
