package com.evalops.harness.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.router.RouterException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpRouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutingService service;

  @AfterEach
  void stopService() {
    if (service != null) {
      service.stop();
    }
  }

  @Test
  void givenAnswersArrivingOutOfOrder_whenRouted_thenPredictionsReachSinkInInputOrder() {
    Random delays = new Random(7);
    Map<String, Integer> delayMs = new ConcurrentHashMap<>();
    service = new RoutingService((ticketId, attempt) -> Reply.ok(ticketId, delayMs.get(ticketId)));
    List<RoutableTicket> tickets = tickets(120);
    tickets.forEach(t -> delayMs.put(t.ticketId(), delays.nextInt(25)));
    List<Prediction> seen = new ArrayList<>();
    List<long[]> progress = new ArrayList<>();

    try (HttpRouter router = router(options().withConcurrency(8))) {
      router.routeAll(tickets, seen::add, (done, total) -> progress.add(new long[] {done, total}));
    }

    assertEquals(ids(tickets), seen.stream().map(Prediction::ticketId).toList());
    Prediction first = seen.get(0);
    assertEquals("card_delivery_eta", first.intent());
    assertEquals("cards", first.team());
    assertEquals(2, first.tier());
    assertEquals("card_delivery_eta_v1", first.template());
    assertEquals(0.93, first.confidence());
    assertTrue(first.automated());
    assertEquals("p7", first.promptVersion());
    assertEquals("m3", first.modelVersion());
    assertEquals(120, progress.size());
    for (int i = 0; i < progress.size(); i++) {
      assertEquals(i + 1, progress.get(i)[0]);
      assertEquals(120, progress.get(i)[1]);
    }
  }

  @Test
  void givenATicket_whenRouted_thenRequestCarriesTheContractFields() {
    service = new RoutingService((ticketId, attempt) -> Reply.ok(ticketId, 0));
    RoutableTicket ticket =
        new RoutableTicket(
            "T-42", Instant.parse("2025-12-01T09:30:00Z"), Channel.LIVECHAT, "Where is my card?");

    try (HttpRouter router = router(options())) {
      router.routeAll(List.of(ticket), p -> {}, (done, total) -> {});
    }

    JsonNode request = service.requestBodies.get(0);
    assertEquals("T-42", request.get("ticket_id").asText());
    assertEquals("2025-12-01T09:30:00Z", request.get("created_at").asText());
    assertEquals("livechat", request.get("channel").asText());
    assertEquals("Where is my card?", request.get("text").asText());
    assertEquals(4, request.size());
  }

  @Test
  void givenA503_whenRouted_thenRetriesAndSucceeds() {
    service =
        new RoutingService(
            (ticketId, attempt) ->
                attempt == 1 ? new Reply(503, Map.of(), "busy", 0) : Reply.ok(ticketId, 0));
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options())) {
      router.routeAll(tickets(3), seen::add, (done, total) -> {});
    }

    assertEquals(List.of("T-0", "T-1", "T-2"), seen.stream().map(Prediction::ticketId).toList());
    assertEquals(2, service.attempts("T-1"));
  }

  @Test
  void givenA429WithRetryAfter_whenRouted_thenWaitsAtLeastThatLongAndSucceeds() {
    service =
        new RoutingService(
            (ticketId, attempt) ->
                attempt == 1
                    ? new Reply(429, Map.of("Retry-After", "1"), "slow down", 0)
                    : Reply.ok(ticketId, 0));
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options())) {
      router.routeAll(tickets(1), seen::add, (done, total) -> {});
    }

    assertEquals(1, seen.size());
    List<Long> arrivals = service.arrivalNanos.get("T-0");
    assertEquals(2, arrivals.size());
    assertTrue(
        arrivals.get(1) - arrivals.get(0) >= Duration.ofMillis(950).toNanos(),
        "second attempt came after " + (arrivals.get(1) - arrivals.get(0)) / 1_000_000 + " ms");
  }

  @Test
  void givenA400_whenRouted_thenFailsAtOnceNamingTicketStatusAndBodyStart() {
    String body = "bad request: " + "x".repeat(500);
    service = new RoutingService((ticketId, attempt) -> new Reply(400, Map.of(), body, 0));

    RouterException failure;
    try (HttpRouter router = router(options())) {
      failure =
          assertThrows(
              RouterException.class,
              () -> router.routeAll(tickets(1), p -> {}, (done, total) -> {}));
    }

    assertTrue(failure.getMessage().contains("T-0"), failure.getMessage());
    assertTrue(failure.getMessage().contains("HTTP 400"), failure.getMessage());
    assertTrue(failure.getMessage().contains(body.substring(0, 200)), failure.getMessage());
    assertFalse(failure.getMessage().contains(body.substring(0, 201)), failure.getMessage());
    assertEquals(1, service.attempts("T-0"));
  }

  @Test
  void givenASlowAnswer_whenRouted_thenTimesOutAndRetries() {
    service =
        new RoutingService(
            (ticketId, attempt) ->
                attempt == 1 ? Reply.ok(ticketId, 2_000) : Reply.ok(ticketId, 0));
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options().withTimeout(Duration.ofMillis(300)))) {
      router.routeAll(tickets(1), seen::add, (done, total) -> {});
    }

    assertEquals(1, seen.size());
    assertEquals(2, service.attempts("T-0"));
  }

  @Test
  void givenAnAlways503_whenRouted_thenGivesUpAfterMaxAttempts() {
    service = new RoutingService((ticketId, attempt) -> new Reply(502, Map.of(), "gateway", 0));

    RouterException failure;
    try (HttpRouter router = router(options().withMaxAttempts(3))) {
      failure =
          assertThrows(
              RouterException.class,
              () -> router.routeAll(tickets(1), p -> {}, (done, total) -> {}));
    }

    assertTrue(failure.getMessage().contains("after 3 attempts"), failure.getMessage());
    assertTrue(failure.getMessage().contains("HTTP 502"), failure.getMessage());
    assertEquals(3, service.attempts("T-0"));
  }

  @Test
  void givenNoServiceListening_whenRouted_thenRetriesConnectErrorsThenFails() throws IOException {
    HttpServer closed =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int port = closed.getAddress().getPort();
    closed.stop(0);
    HttpRouterOptions options =
        HttpRouterOptions.defaults(URI.create("http://127.0.0.1:" + port))
            .withInitialBackoff(Duration.ofMillis(5))
            .withTimeout(Duration.ofMillis(500))
            .withMaxAttempts(2);

    RouterException failure;
    try (HttpRouter router = new HttpRouter(options, new Random(1), LatencyObserver.NONE)) {
      failure =
          assertThrows(
              RouterException.class,
              () -> router.routeAll(tickets(1), p -> {}, (done, total) -> {}));
    }

    assertTrue(failure.getMessage().contains("T-0"), failure.getMessage());
    assertTrue(failure.getMessage().contains("after 2 attempts"), failure.getMessage());
  }

  static Stream<Arguments> malformedAnswers() {
    return Stream.of(
        Arguments.of(
            "{\"team\":\"cards\",\"tier\":2,\"template\":null,\"confidence\":0.5,"
                + "\"automated\":false,\"prompt_version\":\"p7\",\"model_version\":\"m3\"}",
            "intent"),
        Arguments.of(answer("T-0").replace("0.93", "1.5"), "confidence"),
        Arguments.of(answer("T-0").replace("0.93", "\"high\""), "confidence"),
        Arguments.of(
            answer("T-0").replace("\"automated\":true", "\"automated\":\"yes\""), "automated"),
        Arguments.of(answer("T-0").replace("\"tier\":2", "\"tier\":7"), "tier"),
        Arguments.of(answer("T-0").replace("\"card_delivery_eta_v1\"", "42"), "template"),
        Arguments.of(answer("T-9"), "ticket_id"));
  }

  @ParameterizedTest
  @MethodSource("malformedAnswers")
  void givenAMalformedAnswer_whenRouted_thenFailsNamingTicketAndFieldWithoutRetry(
      String body, String field) {
    service = new RoutingService((ticketId, attempt) -> new Reply(200, Map.of(), body, 0));

    RouterException failure;
    try (HttpRouter router = router(options())) {
      failure =
          assertThrows(
              RouterException.class,
              () -> router.routeAll(tickets(1), p -> {}, (done, total) -> {}));
    }

    assertTrue(failure.getMessage().contains("ticket T-0"), failure.getMessage());
    assertTrue(failure.getMessage().contains("field '" + field + "'"), failure.getMessage());
    assertEquals(1, service.attempts("T-0"));
  }

  @Test
  void givenANullTemplate_whenRouted_thenPredictionHasNoTemplate() {
    service =
        new RoutingService(
            (ticketId, attempt) ->
                new Reply(
                    200,
                    Map.of(),
                    answer(ticketId).replace("\"card_delivery_eta_v1\"", "null"),
                    0));
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options())) {
      router.routeAll(tickets(1), seen::add, (done, total) -> {});
    }

    assertNull(seen.get(0).template());
  }

  @Test
  void givenAConcurrencyBound_whenRouted_thenInFlightNeverExceedsIt() {
    service = new RoutingService((ticketId, attempt) -> Reply.ok(ticketId, 15));
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options().withConcurrency(4))) {
      router.routeAll(tickets(80), seen::add, (done, total) -> {});
    }

    assertEquals(80, seen.size());
    assertTrue(service.maxInFlight.get() <= 4, "max in flight " + service.maxInFlight.get());
    assertTrue(service.maxInFlight.get() > 1, "requests were not sent concurrently");
  }

  @Test
  void givenASlowFirstTicket_whenRouted_thenNoTicketIsSentBeyondTheReorderWindow() {
    AtomicInteger seenWhileFirstWasPending = new AtomicInteger();
    service =
        new RoutingService(
            (ticketId, attempt) -> {
              if (ticketId.equals("T-0")) {
                // Hold T-0 until the window is full (however slow the machine), then a moment
                // more: a ninth ticket sent beyond the window would arrive in it.
                long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (service.arrivalNanos.size() < 8 && System.nanoTime() < giveUp) {
                  sleepQuietly(Duration.ofMillis(5));
                }
                sleepQuietly(Duration.ofMillis(200));
                seenWhileFirstWasPending.set(service.arrivalNanos.size());
              }
              return Reply.ok(ticketId, 0);
            });
    List<Prediction> seen = new ArrayList<>();

    try (HttpRouter router = router(options().withConcurrency(2))) {
      router.routeAll(tickets(50), seen::add, (done, total) -> {});
    }

    // Window = 4 × concurrency = 8 tickets: T-0 plus at most 7 more before T-0 is released.
    assertEquals(8, seenWhileFirstWasPending.get());
    assertEquals(ids(tickets(50)), seen.stream().map(Prediction::ticketId).toList());
  }

  @Test
  void givenARateLimit_whenRouted_thenRequestsAreSpreadOverTime() {
    service = new RoutingService((ticketId, attempt) -> Reply.ok(ticketId, 0));
    int count = 40;
    double perSecond = 50;

    try (HttpRouter router =
        router(options().withConcurrency(16).withMaxRequestsPerSecond(perSecond))) {
      router.routeAll(tickets(count), p -> {}, (done, total) -> {});
    }

    List<Long> arrivals = new ArrayList<>();
    service.arrivalNanos.values().forEach(arrivals::addAll);
    Collections.sort(arrivals);
    assertEquals(count, arrivals.size());
    // 40 requests at 50/s cannot all arrive in less than 39 intervals of 20 ms (780 ms);
    // the margin covers a late first request, not a loose limiter.
    long spanMs = (arrivals.get(count - 1) - arrivals.get(0)) / 1_000_000;
    assertTrue(spanMs >= 600, "40 requests arrived within " + spanMs + " ms");
    // No one-second window holds more than the limit.
    for (int i = 0; i < count; i++) {
      long windowEnd = arrivals.get(i) + 1_000_000_000L;
      int j = i;
      while (j < count && arrivals.get(j) < windowEnd) {
        j++;
      }
      assertTrue(j - i <= perSecond + 1, (j - i) + " requests within one second");
    }
  }

  @Test
  void givenLatencyObserver_whenRouted_thenEveryTicketIsTimed() {
    service = new RoutingService((ticketId, attempt) -> Reply.ok(ticketId, 5));
    Map<String, Long> timings = new ConcurrentHashMap<>();

    try (HttpRouter router =
        new HttpRouter(options(), new Random(1), (id, attempts, nanos) -> timings.put(id, nanos))) {
      router.routeAll(tickets(10), p -> {}, (done, total) -> {});
    }

    assertEquals(10, timings.size());
    assertTrue(timings.values().stream().allMatch(n -> n >= Duration.ofMillis(5).toNanos()));
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpRouter router(HttpRouterOptions options) {
    return new HttpRouter(options, new Random(42), LatencyObserver.NONE);
  }

  private HttpRouterOptions options() {
    return HttpRouterOptions.defaults(service.baseUrl()).withInitialBackoff(Duration.ofMillis(10));
  }

  private static List<RoutableTicket> tickets(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new RoutableTicket(
                    "T-" + i,
                    Instant.parse("2025-12-01T09:00:00Z").plusSeconds(i),
                    i % 2 == 0 ? Channel.EMAIL : Channel.LIVECHAT,
                    "ticket text " + i))
        .toList();
  }

  private static List<String> ids(List<RoutableTicket> tickets) {
    return tickets.stream().map(RoutableTicket::ticketId).toList();
  }

  private static String answer(String ticketId) {
    return "{\"ticket_id\":\""
        + ticketId
        + "\",\"intent\":\"card_delivery_eta\",\"team\":\"cards\",\"tier\":2,"
        + "\"template\":\"card_delivery_eta_v1\",\"confidence\":0.93,\"automated\":true,"
        + "\"prompt_version\":\"p7\",\"model_version\":\"m3\"}";
  }

  private record Reply(int status, Map<String, String> headers, String body, int delayMs) {
    static Reply ok(String ticketId, int delayMs) {
      return new Reply(200, Map.of(), answer(ticketId), delayMs);
    }
  }

  @FunctionalInterface
  private interface Script {
    Reply reply(String ticketId, int attempt);
  }

  /** A real routing service on a loopback port that answers as the test scripts it. */
  private static final class RoutingService {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, List<Long>> arrivalNanos = new ConcurrentHashMap<>();
    final List<JsonNode> requestBodies = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    RoutingService(Script script) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      server.createContext("/route", exchange -> handle(exchange, script));
      server.setExecutor(executor);
      server.start();
    }

    private void handle(HttpExchange exchange, Script script) throws IOException {
      try (exchange) {
        Reply reply;
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
          reply = awaitReply(exchange, script);
        } finally {
          // Counted out before answering, so the client's next request never finds it stale.
          inFlight.decrementAndGet();
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
      } catch (IOException | InterruptedException e) {
        // A client that timed out has closed the connection: the timeout test does it on purpose.
      }
    }

    private Reply awaitReply(HttpExchange exchange, Script script)
        throws IOException, InterruptedException {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requestBodies.add(request);
      String ticketId = request.get("ticket_id").asText();
      List<Long> arrivals =
          arrivalNanos.computeIfAbsent(ticketId, id -> new CopyOnWriteArrayList<>());
      arrivals.add(System.nanoTime());
      Reply reply = script.reply(ticketId, arrivals.size());
      if (reply.delayMs() > 0) {
        Thread.sleep(reply.delayMs());
      }
      return reply;
    }

    int attempts(String ticketId) {
      return arrivalNanos.getOrDefault(ticketId, List.of()).size();
    }

    URI baseUrl() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stop() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
