package com.evalops.stores.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void givenNoPrefix_whenBuilt_thenRunsGoUnderEvalRuns() {
    S3Settings settings = new S3Settings("evalops", null, "eu-west-1", null, false, null, null);

    assertEquals(new S3Location("evalops", "eval_runs/"), settings.location());
    assertEquals("s3://evalops/eval_runs/run-1/", settings.location().uri("run-1/"));
  }

  @Test
  void givenStaticKeys_whenPrinted_thenSecretHidden() {
    S3Settings settings =
        new S3Settings(
            "evalops",
            "eval_runs/",
            "us-east-1",
            URI.create("http://127.0.0.1:9000"),
            true,
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI");

    assertFalse(settings.toString().contains("wJalrXUtnFEMI"), settings.toString());
    assertTrue(settings.toString().contains("AKIDEXAMPLE"), settings.toString());
  }

  @Test
  void givenKeyIdWithoutSecretOrBadPrefix_whenBuilt_thenRefusedWithReason() {
    IllegalArgumentException halfKeys =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S3Settings("evalops", null, null, null, false, "AKIDEXAMPLE", null));
    IllegalArgumentException badPrefix =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new S3Settings("evalops", "/eval_runs/", null, null, false, null, null).location());

    assertTrue(halfKeys.getMessage().contains("together"), halfKeys.getMessage());
    assertTrue(badPrefix.getMessage().contains("'/eval_runs/'"), badPrefix.getMessage());
  }
}
