package com.evalops.harness.router.http;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.router.Router;
import com.evalops.harness.router.RouterException;
import com.evalops.harness.router.RoutingProgress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Routes tickets by posting them to a routing service, {@code POST {baseUrl}/route}; the JSON
 * contract is in {@code docs/router-http-contract.md}.
 *
 * <p>Up to {@code concurrency} requests are in flight at once. Connect errors, timeouts, 429 and
 * 5xx answers are retried with exponential backoff plus jitter (429 waits at least its
 * Retry-After); other 4xx answers and malformed answers fail at once, because repeating them cannot
 * help. Predictions reach the sink on the calling thread, in input order: completed ones wait in a
 * reorder window of {@code 4 × concurrency} tickets, and no ticket is sent beyond that window, so
 * memory stays bounded however long the input is.
 */
public final class HttpRouter implements Router {
  private static final int REORDER_WINDOW_PER_SLOT = 4;
  private static final int MAX_BODY_CHARS_IN_ERRORS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpRouterOptions options;
  private final URI routeUri;
  private final Random jitter;
  private final LatencyObserver latencyObserver;
  private final ExecutorService workers;
  private final ExecutorService clientExecutor;
  private final HttpClient client;
  private final RateLimiter rateLimiter;

  public HttpRouter(HttpRouterOptions options) {
    this(options, new Random(), LatencyObserver.NONE);
  }

  /**
   * @param jitter the source of backoff jitter; pass a seeded one for repeatable waits
   */
  public HttpRouter(HttpRouterOptions options, Random jitter, LatencyObserver latencyObserver) {
    this.options = Objects.requireNonNull(options, "options");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.latencyObserver = Objects.requireNonNull(latencyObserver, "latencyObserver");
    this.routeUri = routeUri(options.baseUrl());
    this.workers =
        Executors.newFixedThreadPool(options.concurrency(), daemon("http-router-worker"));
    this.clientExecutor =
        Executors.newFixedThreadPool(
            clientThreads(options.concurrency()), daemon("http-router-client"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.timeout())
            .executor(clientExecutor)
            .build();
    this.rateLimiter = new RateLimiter(options.maxRequestsPerSecond());
  }

  @Override
  public String describe() {
    return "http(" + options.baseUrl() + ")";
  }

  @Override
  public void routeAll(
      List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress) {
    new Run(List.copyOf(tickets), sink, progress).execute();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    clientExecutor.shutdownNow();
  }

  /**
   * One {@link #routeAll} call. {@code concurrency} workers each take the next ticket, route it
   * with the blocking {@link HttpClient#send} and take another, so a finished request is followed
   * by the next without a hand-off; a worker may take a ticket only while the reorder window has
   * room. The caller's thread collects the outcomes and releases predictions in input order.
   * Blocking workers rather than {@code sendAsync}, because on JDK 17 {@code sendAsync} completes
   * every response through the common pool, which on a machine with fewer than three cores starts a
   * new thread per response.
   */
  private final class Run {
    private final List<RoutableTicket> tickets;
    private final Consumer<Prediction> sink;
    private final RoutingProgress progress;
    private final int window = options.concurrency() * REORDER_WINDOW_PER_SLOT;
    private final Semaphore windowRoom = new Semaphore(window);
    private final AtomicInteger nextTicket = new AtomicInteger();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final List<Future<?>> workerLoops = new ArrayList<>();

    Run(List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress) {
      this.tickets = tickets;
      this.sink = sink;
      this.progress = progress;
    }

    void execute() {
      int total = tickets.size();
      Prediction[] reorder = new Prediction[window];
      int completed = 0;
      int released = 0;
      try {
        for (int i = 0; i < Math.min(options.concurrency(), total); i++) {
          workerLoops.add(workers.submit(this::workerLoop));
        }
        while (released < total) {
          Outcome outcome = outcomes.take();
          if (outcome.failure() != null) {
            throw outcome.failure();
          }
          completed++;
          reorder[outcome.index() % window] = outcome.prediction();
          progress.routed(completed, total);
          while (released < total && reorder[released % window] != null) {
            Prediction next = reorder[released % window];
            reorder[released % window] = null;
            sink.accept(next);
            released++;
            windowRoom.release();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RouterException("interrupted while routing " + total + " tickets", e);
      } finally {
        // After a failure the other tickets' answers are of no use; stop the workers.
        workerLoops.forEach(loop -> loop.cancel(true));
      }
    }

    private void workerLoop() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          windowRoom.acquire();
          int index = nextTicket.getAndIncrement();
          if (index >= tickets.size()) {
            return;
          }
          Outcome outcome = route(index, tickets.get(index));
          outcomes.add(outcome);
          if (outcome.failure() != null) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // Cancelled by the caller's thread after a failure: nothing is waiting for this worker.
      }
    }

    private Outcome route(int index, RoutableTicket ticket) {
      try {
        return new Outcome(index, routeWithRetries(ticket), null);
      } catch (RouterException e) {
        return new Outcome(index, null, e);
      } catch (InterruptedException e) {
        return new Outcome(
            index, null, new RouterException("ticket " + ticket.ticketId() + ": interrupted", e));
      } catch (RuntimeException e) {
        return new Outcome(
            index, null, new RouterException("ticket " + ticket.ticketId() + ": " + e, e));
      }
    }
  }

  private Prediction routeWithRetries(RoutableTicket ticket) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(routeUri)
            .timeout(options.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(requestBody(ticket)))
            .build();
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      sleepNanos(rateLimiter.reserveNanos());
      String problem;
      long minWaitNanos = 0;
      Throwable cause = null;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200) {
          Prediction prediction = parsePrediction(ticket.ticketId(), response.body());
          latencyObserver.answered(ticket.ticketId(), attempt, System.nanoTime() - start);
          return prediction;
        }
        problem = "HTTP " + status + ", body: " + truncate(response.body());
        if (status == 429) {
          minWaitNanos = retryAfterNanos(response);
        } else if (status < 500) {
          throw new RouterException(
              "ticket "
                  + ticket.ticketId()
                  + ": routing service refused it (not retried): "
                  + problem);
        }
      } catch (IOException e) {
        // Connect errors, resets and timeouts (HttpTimeoutException is an IOException).
        problem = "request failed: " + e;
        cause = e;
      }
      if (attempt >= options.maxAttempts()) {
        throw new RouterException(
            "ticket "
                + ticket.ticketId()
                + ": gave up after "
                + attempt
                + " attempts; last: "
                + problem,
            cause);
      }
      sleepNanos(Math.max(minWaitNanos, backoffNanos(attempt)));
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  /** {@code initialBackoff × 2^(attempt-1)}, plus up to half of that again at random. */
  private long backoffNanos(int failedAttempt) {
    long base = options.initialBackoff().toNanos() << Math.min(failedAttempt - 1, 20);
    double extra;
    synchronized (jitter) {
      extra = jitter.nextDouble();
    }
    return base + (long) (base * 0.5 * extra);
  }

  private static long retryAfterNanos(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return 0;
    }
    try {
      long seconds = Long.parseLong(header.get().trim());
      return seconds <= 0 ? 0 : TimeUnit.SECONDS.toNanos(seconds);
    } catch (NumberFormatException e) {
      // An HTTP-date Retry-After is allowed by RFC 9110 but rare; the backoff still applies.
      return 0;
    }
  }

  private static String requestBody(RoutableTicket ticket) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ticket_id", ticket.ticketId());
    body.put("created_at", ticket.createdAt().toString());
    body.put("channel", ticket.channel().wireName());
    body.put("text", ticket.text());
    return body.toString();
  }

  static Prediction parsePrediction(String ticketId, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(ticketId, null, "answer is not JSON: " + truncate(body));
    }
    if (root == null || !root.isObject()) {
      throw malformed(ticketId, null, "answer is not a JSON object: " + truncate(body));
    }
    JsonNode echoed = root.get("ticket_id");
    if (echoed != null && !echoed.isNull()) {
      if (!echoed.isTextual() || !echoed.asText().equals(ticketId)) {
        throw malformed(ticketId, "ticket_id", "answer is for ticket " + echoed + ", not this one");
      }
    }
    String intent = requiredText(ticketId, root, "intent");
    String team = requiredText(ticketId, root, "team");
    JsonNode tier = required(ticketId, root, "tier");
    if (!tier.isIntegralNumber() || tier.asInt() < 0 || tier.asInt() > 2) {
      throw malformed(ticketId, "tier", "must be 0, 1 or 2, was " + tier);
    }
    JsonNode template = required(ticketId, root, "template");
    if (!template.isNull() && !template.isTextual()) {
      throw malformed(ticketId, "template", "must be a string or null, was " + template);
    }
    JsonNode confidence = required(ticketId, root, "confidence");
    if (!confidence.isNumber() || !(confidence.asDouble() >= 0 && confidence.asDouble() <= 1)) {
      throw malformed(ticketId, "confidence", "must be a number in [0, 1], was " + confidence);
    }
    JsonNode automated = required(ticketId, root, "automated");
    if (!automated.isBoolean()) {
      throw malformed(ticketId, "automated", "must be true or false, was " + automated);
    }
    String promptVersion = requiredText(ticketId, root, "prompt_version");
    String modelVersion = requiredText(ticketId, root, "model_version");
    return new Prediction(
        ticketId,
        intent,
        team,
        tier.asInt(),
        template.isNull() ? null : template.asText(),
        confidence.asDouble(),
        automated.asBoolean(),
        promptVersion,
        modelVersion);
  }

  private static JsonNode required(String ticketId, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null) {
      throw malformed(ticketId, field, "missing");
    }
    return node;
  }

  private static String requiredText(String ticketId, JsonNode root, String field) {
    JsonNode node = required(ticketId, root, field);
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw malformed(ticketId, field, "must be a non-empty string, was " + node);
    }
    return node.asText();
  }

  private static RouterException malformed(String ticketId, String field, String problem) {
    String where = field == null ? "" : " field '" + field + "'";
    return new RouterException(
        "ticket "
            + ticketId
            + ": malformed answer from routing service (not retried):"
            + where
            + " "
            + problem);
  }

  private static String truncate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= MAX_BODY_CHARS_IN_ERRORS
        ? body
        : body.substring(0, MAX_BODY_CHARS_IN_ERRORS) + "…";
  }

  private static URI routeUri(URI baseUrl) {
    String base = baseUrl.toString();
    return URI.create(base.endsWith("/") ? base + "route" : base + "/route");
  }

  /**
   * The client's own threads only parse bytes and complete futures while the workers wait, so a few
   * per core serve any concurrency; more would only add context switches.
   */
  private static int clientThreads(int concurrency) {
    return Math.min(concurrency, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private record Outcome(int index, Prediction prediction, RouterException failure) {}
}
