package com.evalops.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.EvalopsCommand;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

  @Test
  void givenRoutingService_whenEvaluated_thenEveryTicketIsAskedAndTheVerdictFollows()
      throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "eval",
            "--golden",
            DEMO.resolve("golden/v1").toString(),
            "--router",
            "http://127.0.0.1:" + service.getAddress().getPort(),
            "--concurrency",
            "8",
            "--taxonomy",
            DEMO.resolve("taxonomy.json").toString(),
            "--config",
            DEMO.resolve("configs/router-config-v12.json").toString(),
            "--out",
            tmp.resolve("run").toString(),
            "--quiet");

    assertEquals(1, exit, err.toString());
    assertTrue(out.toString().startsWith("Verdict: STOP"), out.toString());
    assertTrue(out.toString().contains("router: http(http://127.0.0.1:"), out.toString());
    long tickets = Files.readAllLines(DEMO.resolve("golden/v1/tickets.jsonl")).size();
    assertEquals(tickets, requests.get());
    assertEquals(tickets, Files.readAllLines(tmp.resolve("run/predictions.jsonl")).size());
  }

  @Test
  void givenNoServiceListening_whenEvaluated_thenExit3SaysWhy() {
    service.stop(0);
    StringWriter err = new StringWriter();
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "eval",
            "--golden",
            DEMO.resolve("golden/v1").toString(),
            "--router",
            "http://127.0.0.1:" + service.getAddress().getPort(),
            "--max-attempts",
            "1",
            "--taxonomy",
            DEMO.resolve("taxonomy.json").toString(),
            "--config",
            DEMO.resolve("configs/router-config-v12.json").toString(),
            "--out",
            tmp.resolve("run").toString(),
            "--quiet");

    assertEquals(3, exit, err.toString());
    assertTrue(err.toString().startsWith("failed: "), err.toString());
    assertTrue(Files.notExists(tmp.resolve("run")));
  }
}
