package com.evalops.worker.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;

/** How the API reads request bodies ({@link ApiBodies}). */
@Configuration(proxyBeanMethods = false)
public class ApiJson {
  /**
   * A field a body does not take is refused, 400 naming it ({@link ApiErrors}), not dropped: a
   * misspelled {@code harm} or {@code sampleSize} would otherwise start a runbook on defaults the
   * caller did not ask for.
   */
  @Bean
  JsonMapperBuilderCustomizer refuseUnknownFields() {
    return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
