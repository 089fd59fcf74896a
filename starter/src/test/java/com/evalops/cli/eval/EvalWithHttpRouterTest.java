package com.evalops.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.CliRun;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evalops eval --router URL} against a real local routing service. */
class EvalWithHttpRouterTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @TempDir Path tmp;
  private HttpServer service;
  private final AtomicInteger requests = new AtomicInteger();

  /** A routing service that sends everything to tier 1 billing: Tier 0 tickets are missed. */
  @BeforeEach
  void startService() throws IOException {
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/route",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"intent\":\"refund_request\",\"team\":\"billing\",\"tier\":1,\"template\":null,"
                      + "\"confidence\":0.7,\"automated\":false,\"prompt_version\":\"p7\","
                      + "\"model_version\":\"m-http\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    service.start();
  }

  @AfterEach
  void stopService() {
    service.stop(0);
  }

  private CliRun evalAgainstService(String... routerOptions) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "--golden",
                DEMO.resolve("golden/v1").toString(),
                "--router",
                "http://127.0.0.1:" + service.getAddress().getPort(),
                "--taxonomy",
                DEMO.resolve("taxonomy.json").toString(),
                "--config",
                DEMO.resolve("configs/router-config-v12.json").toString(),
                "--out",
                tmp.resolve("run").toString(),
                "--quiet"));
    args.addAll(List.of(routerOptions));
    return CliRun.evalops(args.toArray(String[]::new));
  }

  @Test
  void givenRoutingService_whenEvaluated_thenEveryTicketIsAskedAndTheVerdictFollows()
      throws IOException {
    CliRun run = evalAgainstService("--concurrency", "8");

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.out().startsWith("Verdict: STOP"), run.out());
    assertTrue(run.out().contains("router: http(http://127.0.0.1:"), run.out());
    long tickets = Files.readAllLines(DEMO.resolve("golden/v1/tickets.jsonl")).size();
    assertEquals(tickets, requests.get());
    assertEquals(tickets, Files.readAllLines(tmp.resolve("run/predictions.jsonl")).size());
  }

  @Test
  void givenNoServiceListening_whenEvaluated_thenExit3SaysWhy() {
    service.stop(0);

    CliRun run = evalAgainstService("--max-attempts", "1");

    assertEquals(3, run.exit(), run.err());
    assertTrue(run.err().startsWith("failed: "), run.err());
    assertTrue(Files.notExists(tmp.resolve("run")));
  }
}
