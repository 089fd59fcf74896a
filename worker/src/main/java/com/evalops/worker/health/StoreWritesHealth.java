package com.evalops.worker.health;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's health component {@code storeWrites}: one part per store ({@code refusalLog}, {@code
 * decisionLog}, {@code changeLog}, {@code artifactStore}), DOWN while its last write failed. Their
 * names show in {@code /actuator/health} for anyone; the file and the error only where details are
 * shown.
 */
@Configuration(proxyBeanMethods = false)
public class StoreWritesHealth {
  @Bean
  StoreWrites storeWrites(MeterRegistry meters) {
    return new StoreWrites(meters, Clock.systemUTC());
  }

  @Bean
  CompositeHealthContributor storeWritesHealthContributor(StoreWrites writes) {
    Map<String, HealthIndicator> parts = new LinkedHashMap<>();
    for (StoreWrites.Store store : StoreWrites.Store.values()) {
      parts.put(store.healthName(), () -> health(writes, store));
    }
    return CompositeHealthContributor.fromMap(parts);
  }

  private static Health health(StoreWrites writes, StoreWrites.Store store) {
    return writes
        .failure(store)
        .map(
            failure ->
                Health.down()
                    .withDetail("where", failure.where())
                    .withDetail("error", failure.error())
                    .withDetail("failingSince", failure.since().toString())
                    .withDetail("failedWrites", failure.count())
                    .build())
        .orElseGet(() -> Health.up().build());
  }
}
