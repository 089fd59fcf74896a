package com.evalops.cli.bench;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.router.http.HttpRouter;
import com.evalops.harness.router.http.HttpRouterOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures how close {@link HttpRouter} comes to the throughput its concurrency allows against a
 * local service with a fixed latency. Ideal throughput is {@code concurrency / latency}; the router
 * passes when it reaches {@value #PASS_RATIO_PERCENT}% of it.
 */
@Command(
    name = "http-router",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks the HTTP router against a local fixed-latency routing service; exits 0 when"
            + " throughput reaches 85%% of concurrency / latency, 1 otherwise.")
public final class BenchHttpRouterCommand implements Callable<Integer> {
  private static final int PASS_RATIO_PERCENT = 85;
  // The router sends ticket_id first; a pattern keeps this fake service free of a JSON library.
  private static final Pattern TICKET_ID = Pattern.compile("\"ticket_id\"\\s*:\\s*\"([^\"]*)\"");

  @Option(
      names = "--tickets",
      defaultValue = "5000",
      description = "Tickets to route (default ${DEFAULT-VALUE}).")
  int tickets;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description = "Requests in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--latency-ms",
      defaultValue = "20",
      description = "Service latency per request (default ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(
      names = "--warmup",
      defaultValue = "15000",
      description =
          "Tickets routed first and not measured (default ${DEFAULT-VALUE}): on two cores the"
              + " JDK's HTTP client and server need about that many requests before the JIT has"
              + " compiled their hot paths, and the router's steady state is what is measured.")
  int warmup;

  @Spec CommandSpec spec;

  /** Latencies of the measured run; replaced after the warm-up so that it is not counted. */
  private volatile Latencies latencies = new Latencies(0);

  public static void main(String[] a) {
    System.exit(new CommandLine(new BenchHttpRouterCommand()).execute(a));
  }

  @Override
  public Integer call() throws IOException {
    if (tickets < 1 || concurrency < 1 || latencyMs < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--tickets, --concurrency and --latency-ms must be >= 1, --warmup >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FixedLatencyService service = new FixedLatencyService(Duration.ofMillis(latencyMs));
        HttpRouter router =
            new HttpRouter(
                HttpRouterOptions.defaults(service.baseUrl()).withConcurrency(concurrency),
                new Random(1),
                (ticketId, attempts, nanos) -> latencies.record(nanos))) {
      if (warmup > 0) {
        router.routeAll(syntheticTickets("W", warmup), p -> {}, (done, total) -> {});
      }
      latencies = new Latencies(tickets);
      List<RoutableTicket> measured = syntheticTickets("T", tickets);
      AtomicInteger delivered = new AtomicInteger();
      long start = System.nanoTime();
      router.routeAll(measured, p -> delivered.incrementAndGet(), (done, total) -> {});
      long elapsed = System.nanoTime() - start;

      double achieved = tickets / (elapsed / 1e9);
      double ideal = concurrency / (latencyMs / 1000.0);
      double ratio = 100 * achieved / ideal;
      out.printf(
          "tickets=%d concurrency=%d latency=%d ms warmup=%d delivered=%d elapsed=%.3f s%n",
          tickets, concurrency, latencyMs, warmup, delivered.get(), elapsed / 1e9);
      out.printf("throughput  %.1f req/s%n", achieved);
      out.printf("ideal       %.1f req/s (concurrency / latency)%n", ideal);
      out.printf("ratio       %.1f%% (pass at >= %d%%)%n", ratio, PASS_RATIO_PERCENT);
      out.printf(
          "latency     p50 %.2f ms, p99 %.2f ms%n",
          latencies.percentileMillis(50), latencies.percentileMillis(99));
      out.flush();
      return ratio >= PASS_RATIO_PERCENT ? 0 : 1;
    }
  }

  private static final class Latencies {
    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(int capacity) {
      this.nanos = new long[capacity];
    }

    void record(long value) {
      int slot = count.getAndIncrement();
      if (slot < nanos.length) {
        nanos[slot] = value;
      }
    }

    double percentileMillis(int percentile) {
      int n = Math.min(count.get(), nanos.length);
      if (n == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(nanos, n);
      Arrays.sort(sorted);
      // Nearest-rank percentile.
      int rank = (int) Math.ceil(percentile / 100.0 * n);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }
  }

  private static List<RoutableTicket> syntheticTickets(String prefix, int count) {
    Instant base = Instant.parse("2025-12-01T09:00:00Z");
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new RoutableTicket(
                    prefix + "-" + i,
                    base.plusSeconds(i),
                    i % 3 == 0 ? Channel.LIVECHAT : Channel.EMAIL,
                    "Hello, where is my new card? I ordered it last week. Ticket " + i))
        .toList();
  }

  /**
   * A routing service that answers every request after a fixed latency. The handler only reads the
   * request and schedules the answer, so no thread sleeps through the latency and the server's own
   * threads never limit the throughput being measured.
   */
  private static final class FixedLatencyService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService responders;
    private final long latencyNanos;

    FixedLatencyService(Duration latency) throws IOException {
      // The JDK server buffers small writes without this (Nagle), adding delayed-ACK stalls that
      // would be measured as router latency.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      this.latencyNanos = latency.toNanos();
      // Handlers only read a small body and schedule; one thread sends every answer. More threads
      // measured no faster on two cores, only more context switches.
      this.handlers = Executors.newFixedThreadPool(2);
      this.responders = Executors.newScheduledThreadPool(1);
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      server.createContext("/route", this::handle);
      server.setExecutor(handlers);
      server.start();
    }

    URI baseUrl() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
      String ticketId;
      try (InputStream body = exchange.getRequestBody()) {
        Matcher matcher =
            TICKET_ID.matcher(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        ticketId = matcher.find() ? matcher.group(1) : "";
      }
      responders.schedule(() -> respond(exchange, ticketId), latencyNanos, TimeUnit.NANOSECONDS);
    }

    private static void respond(HttpExchange exchange, String ticketId) {
      byte[] body =
          ("{\"ticket_id\":\""
                  + ticketId
                  + "\",\"intent\":\"card_delivery_eta\",\"team\":\"cards\",\"tier\":2,"
                  + "\"template\":\"card_delivery_eta_v1\",\"confidence\":0.93,\"automated\":true,"
                  + "\"prompt_version\":\"p7\",\"model_version\":\"m3\"}")
              .getBytes(StandardCharsets.UTF_8);
      try (exchange;
          OutputStream out = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      } catch (IOException e) {
        // The router gave up on this request (timeout); it retries on its own, nothing to do here.
      }
    }

    @Override
    public void close() {
      server.stop(0);
      responders.shutdownNow();
      handlers.shutdownNow();
    }
  }
}
