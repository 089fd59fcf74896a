package com.evalops.worker.auth;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.config.EvalopsProperties.TokenIdentity;
import com.evalops.worker.health.StoreWrites;
import com.evalops.worker.temporal.TemporalSetup.TemporalServerKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call the API: configured token hashes, plus demo tokens on a laptop engine (the SDK's
 * test server, embedded or {@code ./evalops dev-server}, and no identities configured).
 */
@Configuration(proxyBeanMethods = false)
public class AuthSetup {
  private static final Logger log = LoggerFactory.getLogger(AuthSetup.class);

  @Bean
  TokenRegistry tokenRegistry(EvalopsProperties props, TemporalServerKind server) {
    List<TokenIdentity> identities = new ArrayList<>(props.auth().tokens());
    if (identities.isEmpty() && server.testServer()) {
      Path file =
          props.auth().devTokensFile() != null
              ? props.auth().devTokensFile()
              : props.dataDir().resolve("dev-tokens.properties");
      identities.addAll(DevTokens.ensure(file));
      log.info(
          "API identities: demo identities {} with tokens in {} (laptop engine only)",
          DevTokens.IDENTITIES.keySet(),
          file.toAbsolutePath());
    }
    TokenRegistry registry = new TokenRegistry(identities);
    if (registry.isEmpty()) {
      log.warn(
          "API identities: none configured (evalops.auth.tokens): every /api request is refused");
    } else if (!props.auth().tokens().isEmpty()) {
      log.info("API identities: {} configured", registry.size());
    }
    return registry;
  }

  @Bean
  RefusalLog refusalLog(EvalopsProperties props, StoreWrites writes, MeterRegistry meters) {
    return new RefusalLog(
        props.dataDir().resolve("refusals.jsonl"),
        props.refusals(),
        Clock.systemUTC(),
        writes,
        meters);
  }

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      TokenRegistry tokens, RefusalLog refusals) {
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(tokens, refusals));
    registration.addUrlPatterns("/api/*");
    return registration;
  }
}
