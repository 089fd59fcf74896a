package com.evalops.harness.router.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpRouter} talks to a routing service.
 *
 * @param baseUrl the service root; tickets are posted to {@code {baseUrl}/route}
 * @param concurrency the most requests in flight at once
 * @param timeout how long one attempt may wait for the answer
 * @param maxAttempts attempts per ticket, the first one included
 * @param initialBackoff the wait before the first retry; it doubles with each further retry
 * @param maxRequestsPerSecond a ceiling on attempts per second over all tickets; 0 means none
 */
public record HttpRouterOptions(
    URI baseUrl,
    int concurrency,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    double maxRequestsPerSecond) {

  public static final int DEFAULT_CONCURRENCY = 16;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

  public HttpRouterOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff must not be negative, was " + initialBackoff);
    }
    if (!(maxRequestsPerSecond >= 0) || Double.isInfinite(maxRequestsPerSecond)) {
      throw new IllegalArgumentException(
          "maxRequestsPerSecond must be a finite number >= 0 (0 = unlimited), was "
              + maxRequestsPerSecond);
    }
  }

  /** The defaults: 16 in flight, 10 s timeout, 4 attempts, 200 ms first backoff, no rate limit. */
  public static HttpRouterOptions defaults(URI baseUrl) {
    return new HttpRouterOptions(
        baseUrl,
        DEFAULT_CONCURRENCY,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        0);
  }

  public HttpRouterOptions withConcurrency(int value) {
    return new HttpRouterOptions(
        baseUrl, value, timeout, maxAttempts, initialBackoff, maxRequestsPerSecond);
  }

  public HttpRouterOptions withTimeout(Duration value) {
    return new HttpRouterOptions(
        baseUrl, concurrency, value, maxAttempts, initialBackoff, maxRequestsPerSecond);
  }

  public HttpRouterOptions withMaxAttempts(int value) {
    return new HttpRouterOptions(
        baseUrl, concurrency, timeout, value, initialBackoff, maxRequestsPerSecond);
  }

  public HttpRouterOptions withInitialBackoff(Duration value) {
    return new HttpRouterOptions(
        baseUrl, concurrency, timeout, maxAttempts, value, maxRequestsPerSecond);
  }

  public HttpRouterOptions withMaxRequestsPerSecond(double value) {
    return new HttpRouterOptions(baseUrl, concurrency, timeout, maxAttempts, initialBackoff, value);
  }
}
