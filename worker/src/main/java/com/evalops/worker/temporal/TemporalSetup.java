package com.evalops.worker.temporal;

import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the engine does on the server before its workers poll. */
@Configuration(proxyBeanMethods = false)
public class TemporalSetup {

  /** A marker bean: created once the search attributes are registered. */
  public record SearchAttributesRegistered(String namespace) {}

  @Bean
  SearchAttributesRegistered searchAttributesRegistered(
      WorkflowServiceStubs service, @Value("${spring.temporal.namespace}") String namespace) {
    SearchAttributeRegistration.register(service, namespace);
    return new SearchAttributesRegistered(namespace);
  }
}
