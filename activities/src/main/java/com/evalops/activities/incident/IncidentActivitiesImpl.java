package com.evalops.activities.incident;

import com.evalops.activities.config.ConfigChanges;
import com.evalops.activities.routinglog.SanitizedSampleFile;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.storage.AtomicFiles;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.approval.Label;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.incident.IncidentActivities;
import com.evalops.workflows.incident.LabeledSampleRequest;
import com.evalops.workflows.incident.MitigationChange;
import com.evalops.workflows.incident.MitigationProposal;
import com.evalops.workflows.incident.ProblemSample;
import com.evalops.workflows.incident.ProblemTicketQuery;
import com.evalops.workflows.incident.RecheckSampleQuery;
import com.evalops.workflows.incident.SafeModeChange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.failure.ApplicationFailure;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regression runbook's side effects on the files of {@link IncidentFiles} and the router-config
 * store. Every method checks before acting, so a retry finishes the first attempt's work:
 *
 * <ul>
 *   <li>Config changes are named from the incident id, the step and the base version ({@link
 *       ConfigChanges}); the base version is part of the change id because incident ids are per
 *       scope, and a later incident of the same scope must make a change of its own.
 *   <li>Sample files have deterministic names and content and are written atomically.
 * </ul>
 *
 * <p>Mitigation details are read as follows, because the proposal reaches the activity as the
 * approved text: {@code disable_templates} disables every template of the base config the details
 * name; {@code adjust_thresholds} applies each {@code name=value} of the details, {@code global}
 * being the confidence threshold and any other name an intent threshold; {@code rollback} restores
 * the one stored config version the details name. Details that name nothing to change are refused.
 */
public final class IncidentActivitiesImpl implements IncidentActivities {
  static final String GLOBAL_THRESHOLD = "global";
  static final String LABELER_FLAG = "labeler_flagged_safety_violation";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z0-9_]+)\\s*=\\s*([0-9]*\\.?[0-9]+)");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern UNSAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]+");
  private static final int LOW_CSAT = 2;

  private final IncidentFiles files;
  private final RouterConfigStore configs;
  private final ConfigChanges changes;
  private final PiiSanitizer sanitizer = new PiiSanitizer();

  public IncidentActivitiesImpl(IncidentFiles files, RouterConfigStore configs) {
    this.files = files;
    this.configs = configs;
    this.changes = new ConfigChanges(configs);
  }

  @Override
  public String setSafeMode(SafeModeChange change) {
    RouterConfig current = configs.current();
    if (current.safeMode() == change.on()) {
      return current.configVersion();
    }
    String direction = change.on() ? "on" : "off";
    String base = current.configVersion();
    // Turning it on is the runbook's own rule (seed §3 step 1); turning it off happens only after
    // the leadership approval the incident's Decision Log entry names.
    String approval =
        change.on() ? "rule:safe-mode-on-harm-possible" : "rule:safe-mode-exit-approved";
    ChangeRequest request =
        changeRequest(
            change.incidentId() + "/safe-mode-" + direction + "@" + base,
            change.incidentId(),
            change.reason(),
            List.of(approval));
    return changes.apply(base, request, config -> config.withSafeMode(change.on()));
  }

  /**
   * The most recent {@code windowDays} of the routing log, ending at its last day. A log file is a
   * finished export, so its last day stands for "today"; a deployment reading a live log would end
   * the window now.
   */
  @Override
  public ProblemSample pullProblemTickets(ProblemTicketQuery query) {
    if (query.windowDays() < 1 || query.count() < 1) {
      throw invalid("windowDays and count must be at least 1, were " + query);
    }
    if (query.scope() == null || query.scope().isBlank()) {
      throw invalid("a problem-ticket query needs the alarm scope");
    }
    List<RoutingLogEntry> log = readLog(files.routingLog(), "routing log");
    if (log.isEmpty()) {
      throw notFound("the routing log " + files.routingLog() + " has no entries");
    }
    LocalDate lastDay =
        log.stream()
            .map(RoutingLogEntry::createdAt)
            .max(Comparator.naturalOrder())
            .orElseThrow()
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    Instant from =
        lastDay.minusDays(query.windowDays() - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    RouterConfig inForce = configs.current();
    List<Candidate> candidates = new ArrayList<>();
    for (RoutingLogEntry e : log) {
      if (e.createdAt().isBefore(from)) {
        continue;
      }
      int problems = problemSignals(e, inForce);
      if (problems > 0) {
        candidates.add(new Candidate(e, inScope(e, query.scope()), problems));
      }
    }
    if (candidates.isEmpty()) {
      throw notFound("no problem tickets in the " + query.windowDays() + " days up to " + lastDay);
    }
    // In scope first, then the tickets with the most problem signals, the most recent first; the
    // ticket id settles ties so the same log always gives the same sample.
    candidates.sort(
        Comparator.comparing(Candidate::inScope)
            .reversed()
            .thenComparing(Comparator.comparingInt(Candidate::problems).reversed())
            .thenComparing(c -> c.entry().createdAt(), Comparator.reverseOrder())
            .thenComparing(c -> c.entry().ticketId()));
    List<RoutingLogEntry> chosen =
        candidates.stream().limit(query.count()).map(Candidate::entry).toList();
    String sampleId =
        "problems-"
            + UNSAFE_NAME
                .matcher(query.incidentId() != null ? query.incidentId() : query.scope())
                .replaceAll("-")
            + "-"
            + lastDay
            + "-"
            + query.windowDays()
            + "d-"
            + query.count();
    Path file = files.sampleFile(sampleId);
    AtomicFiles.write(file, SanitizedSampleFile.lines(chosen, sanitizer));
    return new ProblemSample(
        sampleId, chosen.stream().map(RoutingLogEntry::ticketId).toList(), file.toUri().toString());
  }

  /**
   * The most recent tickets of the scope in the last {@code windowDays} of the routing log, none of
   * them in an earlier sample of the incident. A log file is a finished export, so "fresh" means
   * not seen by this incident before; a deployment reading a live log would take tickets routed
   * after the config in force became current.
   */
  @Override
  public ProblemSample pullRecheckSample(RecheckSampleQuery query) {
    if (query.windowDays() < 1 || query.count() < 1 || query.round() < 1) {
      throw invalid("windowDays, count and round must be at least 1, were " + query);
    }
    if (query.scope() == null || query.scope().isBlank() || query.incidentId() == null) {
      throw invalid("a recheck sample needs the scope and the incident id, was " + query);
    }
    Set<String> seen = new HashSet<>();
    for (String earlier : query.excludeSamples()) {
      Path file = files.sampleFile(earlier);
      if (Files.isRegularFile(file)) {
        readLog(file, "sample " + earlier).forEach(e -> seen.add(e.ticketId()));
      }
    }
    List<RoutingLogEntry> log = readLog(files.routingLog(), "routing log");
    if (log.isEmpty()) {
      throw notFound("the routing log " + files.routingLog() + " has no entries");
    }
    LocalDate lastDay =
        log.stream()
            .map(RoutingLogEntry::createdAt)
            .max(Comparator.naturalOrder())
            .orElseThrow()
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    Instant from =
        lastDay.minusDays(query.windowDays() - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<RoutingLogEntry> chosen =
        log.stream()
            .filter(e -> !e.createdAt().isBefore(from))
            .filter(e -> inScope(e, query.scope()))
            .filter(e -> !seen.contains(e.ticketId()))
            .sorted(
                Comparator.comparing(RoutingLogEntry::createdAt, Comparator.reverseOrder())
                    .thenComparing(RoutingLogEntry::ticketId))
            .limit(query.count())
            .toList();
    if (chosen.isEmpty()) {
      throw notFound(
          "no ticket of "
              + query.scope()
              + " in the "
              + query.windowDays()
              + " days up to "
              + lastDay
              + " that the incident has not sampled already");
    }
    String sampleId =
        "recheck-" + UNSAFE_NAME.matcher(query.incidentId()).replaceAll("-") + "-" + query.round();
    Path file = files.sampleFile(sampleId);
    AtomicFiles.write(file, SanitizedSampleFile.lines(chosen, sanitizer));
    return new ProblemSample(
        sampleId, chosen.stream().map(RoutingLogEntry::ticketId).toList(), file.toUri().toString());
  }

  @Override
  public String writeLabeledSample(LabeledSampleRequest request) {
    String sampleId = request.sampleId();
    if (sampleId == null || UNSAFE_NAME.matcher(sampleId).find() || sampleId.contains("..")) {
      throw invalid("not a sample id: \"" + sampleId + "\"");
    }
    Path sampleFile = files.sampleFile(sampleId);
    if (!Files.isRegularFile(sampleFile)) {
      throw notFound("no problem-ticket sample " + sampleId + " at " + sampleFile);
    }
    Map<String, RoutingLogEntry> sample = new LinkedHashMap<>();
    readLog(sampleFile, "sample").forEach(e -> sample.put(e.ticketId(), e));
    Taxonomy taxonomy = taxonomy();
    // A second opinion is kept for review by the workflow; the first label of a ticket is gold.
    Map<String, SubmitLabelRequest> labels = new LinkedHashMap<>();
    for (Label label : request.labels()) {
      SubmitLabelRequest l = label.submitted();
      if (!sample.containsKey(l.ticketId())) {
        throw invalid("ticket " + l.ticketId() + " is not in problem-ticket sample " + sampleId);
      }
      if (!label.secondOpinion()) {
        labels.putIfAbsent(l.ticketId(), l);
      }
    }
    if (labels.isEmpty()) {
      throw invalid("sample " + sampleId + " has no labels to write");
    }
    StringBuilder out = new StringBuilder();
    for (RoutingLogEntry e : sample.values()) {
      SubmitLabelRequest label = labels.get(e.ticketId());
      if (label != null) {
        out.append(ticketLine(e, label, taxonomy)).append('\n');
      }
    }
    Path file = files.labeledFile(sampleId);
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    return file.toAbsolutePath().toString();
  }

  @Override
  public String applyMitigation(MitigationChange change) {
    String base = change.baseConfigVersion();
    if (base == null || !configs.versions().contains(base)) {
      throw notFound("no router config version " + base);
    }
    String details = change.details() == null ? "" : change.details();
    ChangeRequest request =
        changeRequest(
            change.incidentId() + "/" + change.requestId() + "@" + base,
            change.incidentId(),
            change.kind() + ": " + details,
            change.approvedBy());
    return switch (change.kind()) {
      case MitigationProposal.DISABLE_TEMPLATES -> {
        RouterConfig config = configs.get(base);
        Set<String> named = named(details, config.templates().keySet());
        if (named.isEmpty()) {
          throw invalid(
              "disable_templates names no template of config "
                  + base
                  + " in \""
                  + details
                  + "\"; known: "
                  + config.templates().keySet());
        }
        yield changes.apply(base, request, c -> withTemplatesDisabled(c, named));
      }
      case MitigationProposal.ADJUST_THRESHOLDS -> {
        Map<String, Double> thresholds = thresholds(details);
        yield changes.apply(base, request, c -> withThresholds(c, thresholds));
      }
      case MitigationProposal.ROLLBACK -> {
        Set<String> named = named(details, Set.copyOf(configs.versions()));
        if (named.size() != 1) {
          throw invalid(
              "a rollback names exactly one stored config version, \""
                  + details
                  + "\" names "
                  + named);
        }
        yield changes.rollback(base, named.iterator().next(), request);
      }
      default ->
          throw invalid(
              "unknown mitigation kind "
                  + change.kind()
                  + "; one of "
                  + MitigationProposal.KINDS.stream().sorted().toList());
    };
  }

  // --- problem tickets ------------------------------------------------------------------------

  private record Candidate(RoutingLogEntry entry, boolean inScope, int problems) {}

  /** Overridden, under the threshold in force for its intent, rated 1 or 2: one count each. */
  private static int problemSignals(RoutingLogEntry e, RouterConfig inForce) {
    int signals = 0;
    if (e.override() != null) {
      signals++;
    }
    if (e.prediction().confidence() < inForce.thresholdFor(e.prediction().intent())) {
      signals++;
    }
    if (e.csat() != null && e.csat() <= LOW_CSAT) {
      signals++;
    }
    return signals;
  }

  /** The scope names an intent or a team, as routed or as an agent corrected it. */
  private static boolean inScope(RoutingLogEntry e, String scope) {
    if (scope.equals(e.prediction().intent()) || scope.equals(e.prediction().team())) {
      return true;
    }
    return e.override() != null
        && (scope.equals(e.override().intent()) || scope.equals(e.override().team()));
  }

  // --- labeled sample -------------------------------------------------------------------------

  /**
   * A ticket of data contract §1. The label's gold fields are corrections: an empty gold intent
   * means the router's intent was right; team and tier come from the taxonomy unless the label
   * gives them; the template is the label's, else the router's when the labeler confirmed it. The
   * text is the stored sample's, sanitized when the sample was drawn.
   */
  private String ticketLine(RoutingLogEntry e, SubmitLabelRequest label, Taxonomy taxonomy) {
    String intent = label.goldIntent().isEmpty() ? e.prediction().intent() : label.goldIntent();
    IntentPolicy policy = taxonomy.intent(intent);
    if (policy == null) {
      throw invalid(
          "gold intent "
              + intent
              + " of ticket "
              + e.ticketId()
              + " is not in taxonomy "
              + taxonomy.taxonomyVersion());
    }
    int tier = label.goldTier() != null ? label.goldTier() : policy.tier();
    if (tier < 0 || tier > 2) {
      throw invalid("gold tier of ticket " + e.ticketId() + " must be 0, 1 or 2, was " + tier);
    }
    String template = null;
    if (!label.goldTemplate().isEmpty()) {
      template = label.goldTemplate();
    } else if (label.correctTemplate() && e.prediction().template() != null) {
      template = e.prediction().template();
    }
    if (template != null && !intent.equals(taxonomy.templateIntents().get(template))) {
      if (!label.goldTemplate().isEmpty()) {
        throw invalid(
            "gold template "
                + template
                + " of ticket "
                + e.ticketId()
                + " does not answer "
                + intent);
      }
      // The router's template answers another intent than the corrected one: there is no gold
      // template to take from it.
      template = null;
    }
    ObjectNode row = JSON.createObjectNode();
    row.put("ticket_id", e.ticketId());
    row.put("created_at", e.createdAt().toString());
    row.put("channel", e.channel().wireName());
    row.put("text", e.text());
    row.put("intent", intent);
    row.put("team", label.goldTeam().isEmpty() ? policy.team() : label.goldTeam());
    row.put("tier", tier);
    row.put("template", template);
    if (label.safetyViolation()) {
      row.putArray("safety_flags").add(LABELER_FLAG);
    }
    String note = label.note().isEmpty() ? "" : ": " + label.note();
    row.put("notes", sanitizer.sanitize("labeled by " + label.actor().id() + note));
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  // --- mitigation -----------------------------------------------------------------------------

  private Map<String, Double> thresholds(String details) {
    Taxonomy taxonomy = taxonomy();
    Map<String, Double> thresholds = new TreeMap<>();
    Matcher m = ASSIGNMENT.matcher(details);
    while (m.find()) {
      String name = m.group(1);
      double value = Double.parseDouble(m.group(2));
      if (!GLOBAL_THRESHOLD.equals(name) && !taxonomy.hasIntent(name)) {
        throw invalid(
            name
                + " is neither \"global\" nor an intent of taxonomy "
                + taxonomy.taxonomyVersion());
      }
      if (value < 0 || value > 1) {
        throw invalid("threshold " + name + " must be within [0, 1], was " + value);
      }
      thresholds.put(name, value);
    }
    if (thresholds.isEmpty()) {
      throw invalid(
          "adjust_thresholds needs name=value pairs (global=0.88, refund_request=0.9), got \""
              + details
              + "\"");
    }
    return thresholds;
  }

  private static Set<String> named(String details, Set<String> known) {
    Set<String> named = new LinkedHashSet<>();
    Matcher m = WORD.matcher(details);
    while (m.find()) {
      if (known.contains(m.group())) {
        named.add(m.group());
      }
    }
    return named;
  }

  private static RouterConfig withTemplatesDisabled(RouterConfig c, Set<String> disabled) {
    Map<String, Boolean> off = new TreeMap<>();
    disabled.forEach(t -> off.put(t, false));
    return c.withTemplates(off);
  }

  private static RouterConfig withThresholds(RouterConfig c, Map<String, Double> thresholds) {
    TreeMap<String, Double> intents = new TreeMap<>(c.intentThresholds());
    double global = c.confidenceThreshold();
    for (Map.Entry<String, Double> t : thresholds.entrySet()) {
      if (GLOBAL_THRESHOLD.equals(t.getKey())) {
        global = t.getValue();
      } else {
        intents.put(t.getKey(), t.getValue());
      }
    }
    return c.withThresholds(global, intents);
  }

  // --- helpers --------------------------------------------------------------------------------

  /**
   * The incident asks for the change; its Decision Log entry ({@code <incident>/decision}) records
   * who took part.
   */
  private static ChangeRequest changeRequest(
      String changeId, String incidentId, String reason, List<String> approvedBy) {
    try {
      return new ChangeRequest(
          changeId, "incident:" + incidentId, reason, approvedBy, null, incidentId + "/decision");
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private Taxonomy taxonomy() {
    try {
      return TaxonomyFile.load(files.taxonomyFile());
    } catch (ContractViolation e) {
      throw invalid(e.getMessage());
    }
  }

  private static List<RoutingLogEntry> readLog(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw notFound("no " + what + " at " + file);
    }
    List<RoutingLogEntry> entries = new ArrayList<>();
    try {
      RoutingLogFile.stream(file, (entry, line) -> entries.add(entry));
    } catch (ContractViolation e) {
      throw invalid(e.getMessage());
    }
    return entries;
  }

  private static ApplicationFailure invalid(String message) {
    return ConfigChanges.failure(ErrorType.INVALID_INPUT, message);
  }

  private static ApplicationFailure notFound(String message) {
    return ConfigChanges.failure(ErrorType.NOT_FOUND, message);
  }
}
