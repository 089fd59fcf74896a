package com.evalops.worker.slack;

import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.activities.notify.SlackMessageStore;
import com.evalops.activities.notify.SlackMessages;
import com.evalops.activities.notify.SlackNotifierActivities;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.notify.NotifierActivities;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where notices go: Slack when {@code evalops.slack.bot-token} is set, else the log. Either way the
 * activity bean is {@code notifierActivities}, the name application.yml registers.
 */
@Configuration(proxyBeanMethods = false)
public class SlackPosting {
  private static final Logger log = LoggerFactory.getLogger(SlackPosting.class);

  @Bean
  NotifierActivities notifierActivities(EvalopsProperties props) {
    EvalopsProperties.Slack slack = props.slack();
    if (!slack.enabled()) {
      log.info(
          "Slack: not connected; notifications go to this log, approvals through the API and the"
              + " command line");
      return new LoggingNotifierActivities();
    }
    if (slack.channel().isEmpty()) {
      throw new IllegalStateException(
          "evalops.slack.bot-token is set but evalops.slack.channel is not: name the channel id"
              + " approval requests go to");
    }
    log.info(
        "Slack: posting to {} (approval messages with vote buttons; Temporal UI links {})",
        slack.channel(),
        props.temporal().uiUrl().isEmpty() ? "off: evalops.temporal.ui-url is blank" : "on");
    return new SlackNotifierActivities(
        methods(slack),
        slack.channel(),
        new SlackMessages(
            new PiiSanitizer(), props.temporal().uiUrl(), props.temporal().namespace()),
        new SlackMessageStore(props.dataDir().resolve("slack").resolve("messages")));
  }

  @Bean
  SlackIdentities slackIdentities(EvalopsProperties props) {
    EvalopsProperties.Slack slack = props.slack();
    SlackIdentities identities = SlackIdentities.of(slack, slack.enabled() ? methods(slack) : null);
    if (identities.configuredUsers() > 0 || !identities.approverGroup().isEmpty()) {
      log.info(
          "Slack: {} user(s) mapped to engine identities{}",
          identities.configuredUsers(),
          identities.approverGroup().isEmpty()
              ? ""
              : "; approver group " + identities.approverGroup());
    }
    return identities;
  }

  /**
   * The Web API client; {@code evalops.slack.api-url} points it elsewhere (a test server). Stats
   * are off: they cost an {@code auth.test} call per client.
   */
  static MethodsClient methods(EvalopsProperties.Slack slack) {
    SlackConfig config = new SlackConfig();
    config.setStatsEnabled(false);
    if (!slack.apiUrl().isEmpty()) {
      config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    }
    return Slack.getInstance(config).methods(slack.botToken());
  }
}
