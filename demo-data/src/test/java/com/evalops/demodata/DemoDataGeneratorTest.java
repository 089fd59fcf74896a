package com.evalops.demodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EMAIL = Pattern.compile("[\\w.]+@[\\w.]+\\.[a-z]{2,}");
  private static final Pattern PHONE =
      Pattern.compile("\\+(1 555 \\d{3} \\d{4}|44 7700 900\\d{3})");
  private static final Pattern CARD =
      Pattern.compile("\\b(\\d{16}|\\d{4} \\d{4} \\d{4} \\d{4})\\b");
  private static final Pattern ACCOUNT = Pattern.compile("Account number \\d{8}");

  @TempDir static Path generated;
  private static List<Path> files;

  @BeforeAll
  static void generateOnce() throws IOException {
    files = DemoDataGenerator.generate(generated, DemoDataGenerator.DEFAULT_SEED);
  }

  @Test
  void givenSameSeed_whenGeneratedTwice_thenByteIdenticalFiles(@TempDir Path again)
      throws IOException {
    List<Path> second = DemoDataGenerator.generate(again, DemoDataGenerator.DEFAULT_SEED);

    assertEquals(files, second);
    for (Path file : files) {
      assertArrayEquals(
          Files.readAllBytes(generated.resolve(file)),
          Files.readAllBytes(again.resolve(file)),
          file + " differs between two runs with the same seed");
    }
  }

  @Test
  void givenAnotherSeed_whenGenerated_thenTicketsDiffer(@TempDir Path other) throws IOException {
    DemoDataGenerator.generate(other, DemoDataGenerator.DEFAULT_SEED + 1);

    assertFalse(
        Files.readString(generated.resolve("golden/v1/tickets.jsonl"))
            .equals(Files.readString(other.resolve("golden/v1/tickets.jsonl"))));
  }

  /**
   * The committed demo data must be exactly what the generator makes, so it cannot go stale. With
   * {@code -Devalops.regenerateDemo=true} the test rewrites the committed folder instead.
   */
  @Test
  void givenCommittedDemoFolder_whenComparedToFreshGeneration_thenIdentical() throws IOException {
    String root = System.getProperty("evalops.repo.root");
    assumeTrue(root != null, "evalops.repo.root not set (surefire sets it to the repository root)");
    Path committed = Path.of(root).resolve("datasets/demo");
    if (Boolean.getBoolean("evalops.regenerateDemo")) {
      DemoDataGenerator.generate(committed, DemoDataGenerator.DEFAULT_SEED);
    }
    for (Path file : files) {
      Path committedFile = committed.resolve(file);
      assertTrue(
          Files.isRegularFile(committedFile),
          committedFile + " missing; regenerate with -Devalops.regenerateDemo=true");
      assertArrayEquals(
          Files.readAllBytes(generated.resolve(file)),
          Files.readAllBytes(committedFile),
          committedFile + " is stale; regenerate with -Devalops.regenerateDemo=true");
    }
    Set<Path> expected = new TreeSet<>(files);
    expected.add(Path.of("README.md"));
    try (Stream<Path> walk = Files.walk(committed)) {
      Set<Path> present =
          new TreeSet<>(walk.filter(Files::isRegularFile).map(committed::relativize).toList());
      assertEquals(expected, present, "files in " + committed);
    }
  }

  @Test
  void givenTaxonomy_whenRead_thenIntentsTeamsTiersAndPolicyAsPromised() throws IOException {
    JsonNode taxonomy = JSON.readTree(generated.resolve("taxonomy.json").toFile());
    Map<String, JsonNode> intents = fields(taxonomy.get("intents"));
    Set<String> teams = new TreeSet<>();
    Set<Integer> tiers = new TreeSet<>();
    intents.values().forEach(i -> teams.add(i.get("team").asText()));
    intents.values().forEach(i -> tiers.add(i.get("tier").asInt()));

    assertTrue(intents.size() >= 15, "intents " + intents.keySet());
    assertTrue(teams.size() >= 5, "teams " + teams);
    assertEquals(Set.of(0, 1, 2), tiers);
    for (String approval : List.of("chargeback_dispute", "refund_request", "fraud_report")) {
      assertTrue(intents.get(approval).get("leadership_approval").asBoolean(), approval);
    }
    for (String tier0 : List.of("fraud_report", "account_takeover", "card_stolen")) {
      assertEquals(0, intents.get(tier0).get("tier").asInt(), tier0);
    }
    JsonNode policy = taxonomy.get("tier2_policy");
    double minConfidence = policy.get("min_confidence").asDouble();
    assertTrue(minConfidence >= 0.80 && minConfidence <= 0.85, "min_confidence " + minConfidence);
    assertEquals(List.of("email", "livechat"), texts(policy.get("channels")));
    Map<String, JsonNode> templates = fields(taxonomy.get("templates"));
    for (String intent : texts(policy.get("allowed_intents"))) {
      assertEquals(2, intents.get(intent).get("tier").asInt(), intent);
      for (String template : texts(policy.get("allowed_templates").get(intent))) {
        assertEquals(intent, templates.get(template).get("intent").asText(), template);
      }
    }
    assertTrue(templates.containsKey("card_delivery_eta_v1"));
  }

  @Test
  void givenGoldenSets_whenRead_thenLabelsFollowTaxonomyAndV2ExtendsV1() throws IOException {
    JsonNode taxonomy = JSON.readTree(generated.resolve("taxonomy.json").toFile());
    Map<String, JsonNode> intents = fields(taxonomy.get("intents"));
    Map<String, String> tier2Templates = new TreeMap<>();
    fields(taxonomy.get("templates"))
        .forEach(
            (id, t) -> {
              if (!id.endsWith("_v2")) {
                tier2Templates.put(t.get("intent").asText(), id);
              }
            });
    List<JsonNode> v1 = lines(generated.resolve("golden/v1/tickets.jsonl"));
    List<JsonNode> v2 = lines(generated.resolve("golden/v2/tickets.jsonl"));

    assertTrue(v1.size() >= 800, "v1 has " + v1.size());
    assertEquals(
        intents.keySet(), new TreeSet<>(v1.stream().map(t -> t.get("intent").asText()).toList()));
    assertEquals(
        Set.of("email", "livechat"),
        new TreeSet<>(v1.stream().map(t -> t.get("channel").asText()).toList()));
    Set<String> ids = new HashSet<>();
    for (JsonNode ticket : v2) {
      assertTrue(ids.add(ticket.get("ticket_id").asText()), "duplicate " + ticket.get("ticket_id"));
      JsonNode policy = intents.get(ticket.get("intent").asText());
      assertEquals(policy.get("team").asText(), ticket.get("team").asText(), ticket.toString());
      assertEquals(policy.get("tier").asInt(), ticket.get("tier").asInt(), ticket.toString());
      String template = ticket.get("template").isNull() ? null : ticket.get("template").asText();
      assertEquals(
          policy.get("tier").asInt() == 2
              ? tier2Templates.get(ticket.get("intent").asText())
              : null,
          template,
          ticket.toString());
      Instant.parse(ticket.get("created_at").asText());
    }
    assertTrue(v2.size() > v1.size());
    assertEquals(v1, v2.subList(0, v1.size()), "v2 must keep every v1 ticket unchanged, in order");
  }

  @Test
  void givenManifests_whenRead_thenCountAndSha256MatchTheTicketFiles() throws IOException {
    for (String version : List.of("v1", "v2")) {
      Path folder = generated.resolve("golden").resolve(version);
      JsonNode manifest = JSON.readTree(folder.resolve("manifest.json").toFile());
      byte[] tickets = Files.readAllBytes(folder.resolve("tickets.jsonl"));

      assertEquals(version, manifest.get("version").asText());
      assertEquals(DemoDataGenerator.sha256(tickets), manifest.get("sha256").asText());
      assertEquals(lines(folder.resolve("tickets.jsonl")).size(), manifest.get("count").asInt());
      assertEquals(DemoDataGenerator.TAXONOMY_VERSION, manifest.get("taxonomy_version").asText());
      assertFalse(manifest.get("changes").isEmpty());
    }
    JsonNode v1 = JSON.readTree(generated.resolve("golden/v1/manifest.json").toFile());
    JsonNode v2 = JSON.readTree(generated.resolve("golden/v2/manifest.json").toFile());
    assertTrue(v1.get("parent_version").isNull());
    assertEquals("2025-12-01T00:00:00Z", v1.get("created_at").asText());
    assertEquals("v1", v2.get("parent_version").asText());
  }

  @Test
  void givenRoutingLog_whenRead_thenFourteenBusyDaysWithOverridesCsatAndNoGoldLabels()
      throws IOException {
    Path logFile = generated.resolve("routing-log.jsonl");
    List<JsonNode> log = lines(logFile);
    Map<LocalDate, Integer> perDay = new TreeMap<>();
    int overrides = 0;
    int ratings = 0;
    int newIntentOverrides = 0;
    Set<String> taxonomyIntents =
        fields(JSON.readTree(generated.resolve("taxonomy.json").toFile()).get("intents")).keySet();
    for (JsonNode entry : log) {
      perDay.merge(
          LocalDate.ofInstant(Instant.parse(entry.get("created_at").asText()), ZoneOffset.UTC),
          1,
          Integer::sum);
      assertNull(entry.get("intent"), "gold labels must not leak into the log");
      assertEquals(entry.get("ticket_id"), entry.get("prediction").get("ticket_id"));
      assertEquals("m3", entry.get("prediction").get("model_version").asText());
      if (entry.has("override")) {
        overrides++;
        assertTrue(entry.get("override").get("macro").asText().startsWith("misroute_"));
        if (!taxonomyIntents.contains(entry.get("override").get("intent").asText())) {
          newIntentOverrides++;
        }
      }
      if (entry.has("csat")) {
        ratings++;
        int csat = entry.get("csat").asInt();
        assertTrue(csat >= 1 && csat <= 5, "csat " + csat);
      }
    }

    assertTrue(log.size() >= 10_000, "log has " + log.size());
    assertTrue(Files.size(logFile) < 6_000_000, "log is " + Files.size(logFile) + " bytes");
    assertEquals(14, perDay.size());
    assertEquals(LocalDate.of(2025, 12, 21), ((TreeMap<LocalDate, Integer>) perDay).lastKey());
    double weekday = average(perDay, false);
    double weekend = average(perDay, true);
    assertTrue(weekday > 1.5 * weekend, "weekday " + weekday + " weekend " + weekend);
    assertTrue(overrides >= 100, "overrides " + overrides);
    assertTrue(ratings >= 1_000, "ratings " + ratings);
    assertTrue(newIntentOverrides >= 10, "new-intent overrides " + newIntentOverrides);
  }

  @Test
  void givenTicketTexts_whenScanned_thenPersonalDataIsPresentForTheSanitizer() throws IOException {
    String texts =
        String.join(
            "\n",
            lines(generated.resolve("golden/v2/tickets.jsonl")).stream()
                .map(t -> t.get("text").asText())
                .toList());

    for (Pattern pii : List.of(EMAIL, PHONE, CARD, ACCOUNT)) {
      assertTrue(pii.matcher(texts).results().count() >= 10, "too few matches of " + pii);
    }
    assertTrue(texts.contains("Subject: "), "e-mail tickets have a subject line");
  }

  @Test
  void givenTrainingSets_whenRead_thenLargeAndDistinctFromGolden() throws IOException {
    Set<String> goldenTexts = new HashSet<>();
    lines(generated.resolve("golden/v2/tickets.jsonl"))
        .forEach(t -> goldenTexts.add(t.get("text").asText()));
    for (String model : List.of("m3", "m4", "m5")) {
      List<JsonNode> training = lines(generated.resolve("training/" + model + ".jsonl"));
      long shared =
          training.stream().filter(t -> goldenTexts.contains(t.get("text").asText())).count();

      assertTrue(training.size() >= 2_000, model + " has " + training.size());
      assertTrue(shared < training.size() / 10, model + " shares " + shared + " texts with golden");
    }
  }

  private static double average(Map<LocalDate, Integer> perDay, boolean weekend) {
    return perDay.entrySet().stream()
        .filter(
            e -> {
              DayOfWeek day = e.getKey().getDayOfWeek();
              return (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) == weekend;
            })
        .mapToInt(Map.Entry::getValue)
        .average()
        .orElseThrow();
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(content.endsWith("\n") && !content.contains("\r"), file + " line endings");
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : content.split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> fields = new TreeMap<>();
    object.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    return fields;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
