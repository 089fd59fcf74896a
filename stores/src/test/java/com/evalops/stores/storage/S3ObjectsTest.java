package com.evalops.stores.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S3TestServer.class)
class S3ObjectsTest {
  private final S3Objects objects;
  private final String bucket;

  S3ObjectsTest(S3TestServer.Bucket bucket) {
    this.objects = new S3Objects(bucket.client(), bucket.name());
    this.bucket = bucket.name();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenTakenKey_whenPutIfAbsent_thenRefusedAndFirstContentKept() {
    assertTrue(objects.putIfAbsent("ledgers/k", utf8("first")));

    assertFalse(objects.putIfAbsent("ledgers/k", utf8("second")));

    assertArrayEquals(utf8("first"), objects.read("ledgers/k").orElseThrow());
  }

  // The server must make the check and the write one step, as S3 does; otherwise the ledger's
  // concurrency tests below prove nothing.
  @Test
  void givenSixteenWritersRacingForEachKey_whenPutIfAbsent_thenExactlyOneWinsEach()
      throws Exception {
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 10; round++) {
        String key = "race/" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> wins = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          byte[] content = utf8("writer " + w);
          wins.add(
              pool.submit(
                  () -> {
                    start.await();
                    return objects.putIfAbsent(key, content);
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> win : wins) {
          won += win.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, won, "writers that created " + key);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givenFileAndItsHash_whenPut_thenStoredAndListed(@TempDir Path temp) throws Exception {
    Path file = Files.writeString(temp.resolve("metrics.json"), "{\"macro_f1\":0.91}");

    objects.put("eval_runs/run-1/metrics.json", file, Sha256.of(file));

    assertArrayEquals(
        Files.readAllBytes(file), objects.read("eval_runs/run-1/metrics.json").orElseThrow());
    assertEquals(List.of("eval_runs/run-1/metrics.json"), objects.keys("eval_runs/", null));
    assertTrue(objects.exists("eval_runs/run-1/metrics.json"));
    assertEquals(Optional.empty(), objects.read("eval_runs/run-1/missing.json"));
    assertFalse(objects.exists("eval_runs/run-1/missing.json"));
  }

  @Test
  void givenHashOfOtherBytes_whenPut_thenServerRefusesAndErrorNamesTheKey(@TempDir Path temp)
      throws Exception {
    Path file = Files.writeString(temp.resolve("metrics.json"), "{\"macro_f1\":0.91}");

    S3StorageException error =
        assertThrows(
            S3StorageException.class,
            () -> objects.put("eval_runs/run-1/metrics.json", file, Sha256.of(utf8("other"))));

    assertTrue(
        error.getMessage().contains("s3://" + bucket + "/eval_runs/run-1/metrics.json"),
        error.getMessage());
    assertFalse(objects.exists("eval_runs/run-1/metrics.json"));
  }
}
