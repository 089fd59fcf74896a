package com.evalops.worker.slack;

import com.evalops.worker.api.HumanActions;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.worker.config.EvalopsProperties;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** How Slack's button clicks reach the engine: the HTTP endpoint, or Socket Mode when chosen. */
@Configuration(proxyBeanMethods = false)
public class SlackSetup {
  private static final Logger log = LoggerFactory.getLogger(SlackSetup.class);

  /** Votes being delivered at once; each mostly waits on its workflow update. */
  static final int DELIVERY_THREADS = 4;

  /** Clicks waiting for a delivery thread before new ones are turned away. */
  static final int DELIVERY_QUEUE = 500;

  @Bean
  SlackSignature slackSignature(EvalopsProperties props, SlackIdentities identities) {
    SlackSignature signature = new SlackSignature(props.slack().signingSecret(), Clock.systemUTC());
    if (props.slack().socketMode()) {
      log.info(
          "Slack: Socket Mode; {} Slack users linked to EvalOps identities",
          identities.configuredUsers());
    } else if (signature.configured()) {
      log.info(
          "Slack: interactions accepted at {} (signed with EVALOPS_SLACK_SIGNING_SECRET); {} Slack"
              + " users linked to EvalOps identities",
          SlackInteractionsController.PATH,
          identities.configuredUsers());
    } else {
      log.warn(
          "Slack: no signing secret (EVALOPS_SLACK_SIGNING_SECRET): every request to {} is refused",
          SlackInteractionsController.PATH);
    }
    return signature;
  }

  @Bean(destroyMethod = "close")
  SlackVotes slackVotes(SlackIdentities identities, HumanActions actions, RefusalLog refusals) {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            DELIVERY_THREADS,
            DELIVERY_THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(DELIVERY_QUEUE),
            r -> {
              Thread t = new Thread(r, "slack-vote-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return new SlackVotes(identities, actions, refusals, new SlackReplies(), executor);
  }

  @Bean
  FilterRegistrationBean<SlackRawBody> slackRawBody() {
    FilterRegistrationBean<SlackRawBody> registration =
        new FilterRegistrationBean<>(new SlackRawBody());
    registration.addUrlPatterns(SlackInteractionsController.PATH);
    // Right after the body limit, which must wrap the body this reads.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  @ConditionalOnProperty(prefix = "evalops.slack", name = "mode", havingValue = "socket")
  SlackSocketMode slackSocketMode(EvalopsProperties props, SlackVotes votes) {
    return new SlackSocketMode(props.slack().appToken(), new SocketModeInteractions(votes::submit));
  }
}
