package com.evalops.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Checks that the benchmark runs and reports; its figures are judged by a person, not here. */
class BenchHttpRouterCommandTest {

  @Test
  void givenASmallRun_whenBenchmarked_thenEveryTicketIsRoutedAndTheFiguresArePrinted() {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new BenchHttpRouterCommand());
    command.setOut(new PrintWriter(out));

    int exit =
        command.execute(
            "--tickets", "40", "--concurrency", "4", "--latency-ms", "5", "--warmup", "0");

    String report = out.toString();
    assertTrue(exit == 0 || exit == 1, "exit " + exit);
    assertTrue(report.contains("delivered=40"), report);
    assertTrue(report.contains("ideal       800.0 req/s"), report);
    assertTrue(
        report.matches("(?s).*latency     p50 \\d+\\.\\d\\d ms, p99 \\d+\\.\\d\\d ms.*"), report);
  }

  @Test
  void givenANonPositiveConcurrency_whenBenchmarked_thenRejectedAsUsageError() {
    CommandLine command = new CommandLine(new BenchHttpRouterCommand());
    command.setErr(new PrintWriter(new StringWriter()));

    assertEquals(2, command.execute("--concurrency", "0"));
  }
}
