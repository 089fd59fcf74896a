package com.evalops.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.storage.SecretKeys;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverterException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadSignaturesTest {
  private static final SecretKeys.Key OLD = key("old", 1);
  private static final SecretKeys.Key NEW = key("new", 2);
  private final List<String> refusals = new ArrayList<>();

  private static SecretKeys.Key key(String id, int fill) {
    byte[] secret = new byte[32];
    java.util.Arrays.fill(secret, (byte) fill);
    return new SecretKeys.Key(id, secret);
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void givenASignedPayload_whenDecoded_thenTheSameJsonComesBackAndItsDataStaysReadable() {
    PayloadSignatures codec = new PayloadSignatures(List.of(NEW), refusals::add);
    Payload signed = codec.encode(List.of(json("{\"approve\":true}"))).get(0);

    assertEquals("{\"approve\":true}", signed.getData().toString(StandardCharsets.UTF_8));
    assertEquals("new", signed.getMetadataOrThrow(PayloadSignatures.KEY_ID).toStringUtf8());
    assertEquals(json("{\"approve\":true}"), codec.decode(List.of(signed)).get(0));
    assertTrue(refusals.isEmpty());
  }

  @Test
  void givenAlteredDataOrMetadata_whenDecoded_thenRefusedAndRecordedOnce() {
    PayloadSignatures codec = new PayloadSignatures(List.of(NEW), refusals::add);
    Payload signed = codec.encode(List.of(json("{\"approve\":false}"))).get(0);
    Payload altered =
        signed.toBuilder().setData(ByteString.copyFromUtf8("{\"approve\":true}")).build();
    Payload relabeled =
        signed.toBuilder().putMetadata("encoding", ByteString.copyFromUtf8("binary/plain")).build();

    DataConverterException e =
        assertThrows(DataConverterException.class, () -> codec.decode(List.of(altered)));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertThrows(DataConverterException.class, () -> codec.decode(List.of(altered)));
    assertThrows(DataConverterException.class, () -> codec.decode(List.of(relabeled)));
    assertEquals(2, refusals.size(), "the same forged payload read twice is recorded once");
  }

  @Test
  void givenUnsignedOrUnknownKey_whenDecoded_thenRefusedNamingWhy() {
    PayloadSignatures codec = new PayloadSignatures(List.of(NEW), refusals::add);
    Payload byOther =
        new PayloadSignatures(List.of(key("other", 3)), r -> {})
            .encode(List.of(json("\"x\"")))
            .get(0);

    assertTrue(
        assertThrows(DataConverterException.class, () -> codec.decode(List.of(json("\"x\""))))
            .getMessage()
            .contains("without the engine's signature"));
    assertTrue(
        assertThrows(DataConverterException.class, () -> codec.decode(List.of(byOther)))
            .getMessage()
            .contains("unknown key \"other\""));
  }

  @Test
  void givenTwoKeys_whenRotating_thenTheFirstSignsAndBothVerify() {
    Payload byOld = new PayloadSignatures(List.of(OLD), r -> {}).encode(List.of(json("1"))).get(0);
    PayloadSignatures rotating = new PayloadSignatures(List.of(NEW, OLD), refusals::add);

    assertEquals(json("1"), rotating.decode(List.of(byOld)).get(0));
    Payload byNew = rotating.encode(List.of(json("1"))).get(0);
    assertEquals("new", byNew.getMetadataOrThrow(PayloadSignatures.KEY_ID).toStringUtf8());
    assertNotEquals(byOld, byNew);
    assertThrows(
        DataConverterException.class,
        () -> new PayloadSignatures(List.of(OLD), r -> {}).decode(List.of(byNew)));
  }

  @Test
  void givenBadKeySettings_whenParsed_thenTheErrorNamesTheEntryAndNeverTheSecret() {
    String shortSecret = Base64.getEncoder().encodeToString("too-short".getBytes());
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretKeys.parse(PayloadSigningSetup.PAYLOAD_KEYS, List.of("k1:" + shortSecret)));
    assertEquals(
        "evalops.temporal.payload-keys[0]: key k1 is too short: use at least 32 random" + " bytes",
        tooShort.getMessage());
    assertFalse(tooShort.getMessage().contains(shortSecret));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SecretKeys.parse(PayloadSigningSetup.PAYLOAD_KEYS, List.of("nocolon")))
            .getMessage()
            .startsWith("evalops.temporal.payload-keys[0] must be id:base64-secret"));
    String good = Base64.getEncoder().encodeToString(new byte[32]);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    SecretKeys.parse(
                        PayloadSigningSetup.PAYLOAD_KEYS, List.of("k1:" + good, "k1:" + good)))
            .getMessage()
            .contains("listed twice: [k1, k1]"));
    assertEquals(
        List.of("k1", "k2"),
        SecretKeys.parse(PayloadSigningSetup.PAYLOAD_KEYS, List.of("k1:" + good, " k2 : " + good))
            .stream()
            .map(SecretKeys.Key::id)
            .toList());
  }

  @Test
  void givenNoKeyConfigured_whenTheEngineStartsTwice_thenOneKeyIsKeptOwnerOnly(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("temporal-payload-key");
    SecretKeys.Key first = SecretKeys.readOrCreate(file, "test");
    SecretKeys.Key again = SecretKeys.readOrCreate(file, "test");

    assertEquals(first.id(), again.id());
    assertTrue(java.util.Arrays.equals(first.secret(), again.secret()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
