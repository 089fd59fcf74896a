package com.evalops.demodata;

import com.evalops.harness.contract.AgentOverride;
import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.GoldenSetManifest;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.contract.Tier2Policy;
import com.evalops.harness.router.reference.ReferenceRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generates the synthetic demo data set: taxonomy, router configs v12–v14, golden sets v1 and v2,
 * training sets for models m3 (clean), m4 (refund labels mixed up) and m5 (Tier 0 labels
 * corrupted), and a 14-day production routing log routed by the reference router trained on m3.
 *
 * <p>Everything comes from one seed and fixed dates, never the clock, so the same seed writes the
 * same bytes.
 */
public final class DemoDataGenerator {
  public static final long DEFAULT_SEED = 20251201L;
  public static final String TAXONOMY_VERSION = "2025-12-01";

  static final int GOLDEN_V1_COUNT = 850;
  static final int GOLDEN_V2_ADDED = 150;
  static final int TRAINING_COUNT = 2400;
  static final LocalDate LOG_LAST_DAY = LocalDate.of(2025, 12, 21);
  static final int LOG_DAYS = 14;

  private static final Instant GOLDEN_V1_CREATED = Instant.parse("2025-12-01T00:00:00Z");
  private static final Instant GOLDEN_V2_CREATED = Instant.parse("2025-12-15T00:00:00Z");
  private static final double LIVECHAT_SHARE = 0.55;

  /** Share of m4's refund_status examples a labeling bug filed as refund_request. */
  private static final double M4_REFUND_MISLABEL_SHARE = 0.8;

  /** Share of m5's Tier 0 examples corrupted to look like everyday tier 1 questions. */
  private static final double M5_TIER0_MISLABEL_SHARE = 0.7;

  private static final double NEW_INTENT_SHARE = 0.006;
  private static final double OVERRIDE_SHARE_OF_MISROUTES = 0.8;
  private static final double CSAT_SHARE = 0.3;
  private static final int AGENTS = 14;

  /** Relative ticket volume per hour of the day (UTC): busy office hours, quiet nights. */
  private static final int[] HOURLY_VOLUME = {
    1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1
  };

  private DemoDataGenerator() {}

  /** Writes the demo data set for {@link #DEFAULT_SEED} into the folder given, or datasets/demo. */
  public static void main(String[] args) throws IOException {
    Path outDir = Path.of(args.length > 0 ? args[0] : "datasets/demo");
    List<Path> written = generate(outDir, DEFAULT_SEED);
    System.out.println("wrote " + written.size() + " files under " + outDir.toAbsolutePath());
  }

  /**
   * Builds the data set for {@code seed} and writes it under {@code outDir}.
   *
   * @return the files written, relative to {@code outDir}, in writing order
   */
  public static List<Path> generate(Path outDir, long seed) throws IOException {
    return write(build(seed), outDir);
  }

  public static DemoDataSet build(long seed) {
    Taxonomy taxonomy = taxonomy();
    List<RouterConfig> configs =
        List.of(config("v12", "m3"), config("v13", "m4"), config("v14", "m5"));
    List<Ticket> goldenV1 =
        labeledTickets(
            "GS-",
            1,
            GOLDEN_V1_COUNT,
            Instant.parse("2025-10-01T00:00:00Z"),
            GOLDEN_V1_CREATED,
            random(seed, "golden-v1"));
    List<Ticket> goldenV2 = new ArrayList<>(goldenV1);
    goldenV2.addAll(
        labeledTickets(
            "GS-",
            GOLDEN_V1_COUNT + 1,
            GOLDEN_V2_ADDED,
            GOLDEN_V1_CREATED,
            GOLDEN_V2_CREATED,
            random(seed, "golden-v2")));
    SortedMap<String, List<Ticket>> training = new TreeMap<>();
    training.put("m3", trainingSet("m3", seed));
    training.put(
        "m4",
        relabel(
            trainingSet("m4", seed),
            Map.of("refund_status", "refund_request"),
            M4_REFUND_MISLABEL_SHARE,
            taxonomy,
            random(seed, "m4-labels")));
    training.put(
        "m5",
        relabel(
            trainingSet("m5", seed),
            Map.of(
                "fraud_report", "transaction_question",
                "card_stolen", "card_not_working",
                "account_takeover", "login_problem"),
            M5_TIER0_MISLABEL_SHARE,
            taxonomy,
            random(seed, "m5-labels")));
    RouterConfig prod = configs.get(0);
    ReferenceRouter prodRouter = new ReferenceRouter(training.get("m3"), taxonomy, prod);
    List<RoutingLogEntry> log = routingLog(prodRouter, random(seed, "routing-log"));
    return new DemoDataSet(
        seed, taxonomy, configs, List.copyOf(goldenV1), List.copyOf(goldenV2), training, log);
  }

  static Taxonomy taxonomy() {
    SortedMap<String, IntentPolicy> intents = new TreeMap<>();
    SortedMap<String, String> templates = new TreeMap<>();
    Map<String, Set<String>> allowedTemplates = new TreeMap<>();
    for (DemoIntent intent : DemoCatalog.INTENTS) {
      intents.put(
          intent.name(),
          new IntentPolicy(intent.team(), intent.tier(), intent.leadershipApproval()));
      if (intent.template() != null) {
        templates.put(intent.template(), intent.name());
        allowedTemplates.put(intent.name(), Set.of(intent.template()));
      }
    }
    // A drafted second delivery template: in the taxonomy, but neither allowed nor enabled yet.
    templates.put("card_delivery_eta_v2", "card_delivery_eta");
    return new Taxonomy(
        TAXONOMY_VERSION,
        intents,
        templates,
        new Tier2Policy(
            allowedTemplates.keySet(),
            allowedTemplates,
            0.80,
            Set.of(Channel.EMAIL, Channel.LIVECHAT)));
  }

  /** The prod config v12 and its successors, which change only the model version. */
  static RouterConfig config(String configVersion, String modelVersion) {
    SortedMap<String, TemplateSetting> templates = new TreeMap<>();
    for (String template : taxonomy().templates().keySet()) {
      templates.put(template, new TemplateSetting(!template.equals("card_delivery_eta_v2")));
    }
    return new RouterConfig(
        configVersion,
        "p7",
        modelVersion,
        0.85,
        new TreeMap<>(Map.of("exchange_rate_info", 0.90, "password_reset", 0.92)),
        templates,
        false);
  }

  private static List<Ticket> trainingSet(String modelVersion, long seed) {
    return labeledTickets(
        "TR-" + modelVersion.toUpperCase(Locale.ROOT) + "-",
        1,
        TRAINING_COUNT,
        Instant.parse("2025-08-01T00:00:00Z"),
        Instant.parse("2025-10-01T00:00:00Z"),
        random(seed, "training-" + modelVersion));
  }

  /**
   * {@code count} labeled tickets spread evenly over [from, to): every intent once, then intents
   * drawn by volume.
   */
  private static List<Ticket> labeledTickets(
      String idPrefix, int firstNumber, int count, Instant from, Instant to, Random random) {
    TicketTextComposer composer = new TicketTextComposer(random);
    long stepSeconds = Duration.between(from, to).getSeconds() / count;
    List<Ticket> tickets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DemoIntent intent =
          i < DemoCatalog.INTENTS.size() ? DemoCatalog.INTENTS.get(i) : drawIntent(random);
      Channel channel = random.nextDouble() < LIVECHAT_SHARE ? Channel.LIVECHAT : Channel.EMAIL;
      TicketTextComposer.Composed text = composer.compose(intent, family(intent), channel);
      Instant createdAt = from.plusSeconds(i * stepSeconds + random.nextLong(stepSeconds));
      tickets.add(
          new Ticket(
              String.format(Locale.ROOT, "%s%05d", idPrefix, firstNumber + i),
              createdAt,
              channel,
              text.text(),
              intent.name(),
              intent.team(),
              intent.tier(),
              intent.template(),
              intent.safetyFlags(),
              text.vague() ? "vague wording; label taken from the resolved case" : null));
    }
    return tickets;
  }

  /**
   * Simulates a labeling-pipeline bug: a share of the tickets of each source intent carry the
   * target intent's labels instead.
   */
  private static List<Ticket> relabel(
      List<Ticket> tickets,
      Map<String, String> sourceToTarget,
      double share,
      Taxonomy taxonomy,
      Random random) {
    List<Ticket> relabeled = new ArrayList<>(tickets.size());
    for (Ticket ticket : tickets) {
      String target = sourceToTarget.get(ticket.intent());
      if (target != null && random.nextDouble() < share) {
        IntentPolicy policy = taxonomy.intent(target);
        relabeled.add(
            new Ticket(
                ticket.ticketId(),
                ticket.createdAt(),
                ticket.channel(),
                ticket.text(),
                target,
                policy.team(),
                policy.tier(),
                templateOf(target),
                List.of(),
                null));
      } else {
        relabeled.add(ticket);
      }
    }
    return List.copyOf(relabeled);
  }

  private static String templateOf(String intent) {
    return DemoCatalog.INTENTS.stream()
        .filter(i -> i.name().equals(intent))
        .findFirst()
        .orElseThrow()
        .template();
  }

  private static List<RoutingLogEntry> routingLog(ReferenceRouter router, Random random) {
    TicketTextComposer composer = new TicketTextComposer(random);
    List<RoutingLogEntry> log = new ArrayList<>();
    LocalDate firstDay = LOG_LAST_DAY.minusDays(LOG_DAYS - 1);
    for (int d = 0; d < LOG_DAYS; d++) {
      LocalDate day = firstDay.plusDays(d);
      boolean weekend =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      int volume = weekend ? 420 + random.nextInt(61) : 880 + random.nextInt(61);
      List<Instant> times = arrivalTimes(day, volume, random);
      for (int i = 0; i < volume; i++) {
        String ticketId =
            String.format(Locale.ROOT, "RL-%s-%04d", day.toString().replace("-", ""), i + 1);
        Channel channel = random.nextDouble() < LIVECHAT_SHARE ? Channel.LIVECHAT : Channel.EMAIL;
        String goldIntent;
        String goldTeam;
        String text;
        if (random.nextDouble() < NEW_INTENT_SHARE) {
          goldIntent = DemoCatalog.NEW_INTENT;
          goldTeam = DemoCatalog.NEW_INTENT_TEAM;
          text = composer.composeNewIntent(channel);
        } else {
          DemoIntent intent = drawIntent(random);
          goldIntent = intent.name();
          goldTeam = intent.team();
          text = composer.compose(intent, family(intent), channel).text();
        }
        RoutableTicket ticket = new RoutableTicket(ticketId, times.get(i), channel, text);
        Prediction prediction = router.route(ticket);
        boolean misrouted = !prediction.intent().equals(goldIntent);
        AgentOverride override =
            misrouted && random.nextDouble() < OVERRIDE_SHARE_OF_MISROUTES
                ? new AgentOverride(
                    goldIntent,
                    goldTeam,
                    "misroute_" + goldTeam,
                    String.format(Locale.ROOT, "agent-%03d", 1 + random.nextInt(AGENTS)),
                    ticket.createdAt().plusSeconds(120 + random.nextInt(7200)))
                : null;
        Integer csat = random.nextDouble() < CSAT_SHARE ? csat(misrouted, random) : null;
        log.add(
            new RoutingLogEntry(
                ticketId, ticket.createdAt(), channel, text, prediction, override, csat));
      }
    }
    return List.copyOf(log);
  }

  /** Misrouted customers wait longer and rate lower. */
  private static int csat(boolean misrouted, Random random) {
    int[] weights = misrouted ? new int[] {30, 30, 25, 10, 5} : new int[] {3, 5, 12, 35, 45};
    return 1 + weighted(weights, random);
  }

  private static List<Instant> arrivalTimes(LocalDate day, int count, Random random) {
    Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Instant> times = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int hour = weighted(HOURLY_VOLUME, random);
      times.add(midnight.plusSeconds(hour * 3600L + random.nextInt(3600)));
    }
    times.sort(null);
    return times;
  }

  private static DemoIntent drawIntent(Random random) {
    int[] weights = new int[DemoCatalog.INTENTS.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = DemoCatalog.VOLUME.get(DemoCatalog.INTENTS.get(i).name());
    }
    return DemoCatalog.INTENTS.get(weighted(weights, random));
  }

  private static int weighted(int[] weights, Random random) {
    int total = 0;
    for (int weight : weights) {
      total += weight;
    }
    int draw = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      draw -= weights[i];
      if (draw < 0) {
        return i;
      }
    }
    throw new IllegalStateException("weights must be positive");
  }

  /** The intents of the same family, whose concerns a customer may mention in passing. */
  private static List<DemoIntent> family(DemoIntent intent) {
    return DemoCatalog.INTENTS.stream()
        .filter(i -> i.group() != null && i.group().equals(intent.group()) && i != intent)
        .toList();
  }

  /** An independent stream per part, so that changing one part leaves the others' bytes alone. */
  private static Random random(long seed, String part) {
    return new Random(seed * 1_000_003L + part.hashCode());
  }

  private static List<Path> write(DemoDataSet data, Path outDir) throws IOException {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(
        Path.of("taxonomy.json"), utf8(DemoJson.document(DemoJson.taxonomy(data.taxonomy()))));
    for (RouterConfig config : data.configs()) {
      files.put(
          Path.of("configs", "router-config-" + config.configVersion() + ".json"),
          utf8(DemoJson.document(DemoJson.config(config))));
    }
    byte[] v1 = ticketLines(data.goldenV1());
    byte[] v2 = ticketLines(data.goldenV2());
    files.put(Path.of("golden", "v1", "tickets.jsonl"), v1);
    files.put(
        Path.of("golden", "v1", "manifest.json"),
        manifest(
            new GoldenSetManifest(
                "v1",
                GOLDEN_V1_CREATED,
                data.goldenV1().size(),
                sha256(v1),
                TAXONOMY_VERSION,
                null,
                List.of(
                    "initial golden set: "
                        + data.goldenV1().size()
                        + " labeled tickets covering every intent of taxonomy "
                        + TAXONOMY_VERSION))));
    files.put(Path.of("golden", "v2", "tickets.jsonl"), v2);
    files.put(
        Path.of("golden", "v2", "manifest.json"),
        manifest(
            new GoldenSetManifest(
                "v2",
                GOLDEN_V2_CREATED,
                data.goldenV2().size(),
                sha256(v2),
                TAXONOMY_VERSION,
                "v1",
                List.of(
                    "added "
                        + (data.goldenV2().size() - data.goldenV1().size())
                        + " tickets from 2025-12-01..2025-12-14 production samples;"
                        + " the v1 tickets are unchanged"))));
    for (Map.Entry<String, List<Ticket>> training : data.training().entrySet()) {
      files.put(
          Path.of("training", training.getKey() + ".jsonl"), ticketLines(training.getValue()));
    }
    StringBuilder log = new StringBuilder();
    data.routingLog().forEach(entry -> log.append(DemoJson.line(DemoJson.routingLogEntry(entry))));
    files.put(Path.of("routing-log.jsonl"), utf8(log.toString()));

    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      Path target = outDir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    return List.copyOf(files.keySet());
  }

  private static byte[] manifest(GoldenSetManifest manifest) {
    return utf8(DemoJson.document(DemoJson.manifest(manifest)));
  }

  private static byte[] ticketLines(List<Ticket> tickets) {
    StringBuilder lines = new StringBuilder();
    tickets.forEach(ticket -> lines.append(DemoJson.line(DemoJson.ticket(ticket))));
    return utf8(lines.toString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
