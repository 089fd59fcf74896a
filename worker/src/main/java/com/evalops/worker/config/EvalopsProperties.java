package com.evalops.worker.config;

import com.evalops.worker.temporal.EmbeddedTemporalServer;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the engine, under {@code evalops.*}; each has an environment variable of the
 * same name in upper case ({@code evalops.s3.bucket} → {@code EVALOPS_S3_BUCKET}).
 * docs/operators.md lists them.
 *
 * @param taskQueue the one task queue of every runbook worker and client
 * @param dataDir where the local stores live: artifacts, Decision and Change Logs, router configs
 * @param datasetRoot the data-contract folder: taxonomy, golden sets, routing log, seed configs
 * @param goldenVersion the current golden-set version
 * @param seedConfigVersion the router-config version made current when the store is empty
 * @param api limits on what a request may carry
 */
@ConfigurationProperties("evalops")
public record EvalopsProperties(
    String taskQueue,
    Path dataDir,
    Path datasetRoot,
    String goldenVersion,
    String seedConfigVersion,
    Temporal temporal,
    Artifacts artifacts,
    S3 s3,
    Auth auth,
    Slack slack,
    Schedules schedules,
    LedgerSettings ledger,
    Refusals refusals,
    Api api) {

  public EvalopsProperties {
    taskQueue = orDefault(taskQueue, "evalops-runbooks");
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    datasetRoot = datasetRoot == null ? Path.of("datasets", "demo") : datasetRoot;
    goldenVersion = orDefault(goldenVersion, "v2");
    seedConfigVersion = orDefault(seedConfigVersion, "v12");
    temporal = temporal == null ? new Temporal(null, null, 0, null, null, null) : temporal;
    artifacts = artifacts == null ? new Artifacts(null) : artifacts;
    s3 = s3 == null ? new S3(null, null, null, null, false, 0, null) : s3;
    auth = auth == null ? new Auth(List.of(), null) : auth;
    slack = slack == null ? new Slack(null, null, null, null, null, null, null, null, null) : slack;
    schedules =
        schedules == null
            ? new Schedules(null, null, null, null, null, null, null, null)
            : schedules;
    ledger = ledger == null ? new LedgerSettings(null) : ledger;
    refusals = refusals == null ? new Refusals(null, null, null, null, null) : refusals;
    api = api == null ? new Api(null) : api;
  }

  /**
   * @param maxBodySize the largest request body the engine reads, on every path (API, console
   *     forms, Slack): a larger one is refused with 413 before it is read, and a chunked one as
   *     soon as it grows past it. Every body the engine takes is a few kilobytes; the limit keeps a
   *     large one from tying up a request thread and reaching Temporal, whose payloads have limits
   *     of their own
   */
  public record Api(DataSize maxBodySize) {
    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

    public Api {
      maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
      if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "evalops.api.max-body-size must be from 1 byte to 2GB, was " + maxBodySize);
      }
    }
  }

  /**
   * @param target {@code host:port} of a Temporal frontend; blank runs the embedded server
   * @param namespace the Temporal namespace
   * @param embeddedPort the embedded server's port (7233 like a real frontend)
   * @param embeddedAddress the address the embedded server listens on: the loopback address unless
   *     set, since anyone who reaches the Temporal port reaches the workflows without the API
   * @param uiUrl the Temporal UI, for links from reports and messages; blank when there is none
   * @param payloadKeys the keys that sign what the engine writes to Temporal, each {@code
   *     id:base64-secret}; the first signs, all verify (rotation). Empty: one generated key kept in
   *     the data folder, for a single engine
   */
  public record Temporal(
      String target,
      String namespace,
      int embeddedPort,
      String embeddedAddress,
      String uiUrl,
      List<String> payloadKeys) {
    public Temporal {
      target = target == null ? "" : target.trim();
      namespace = orDefault(namespace, "default");
      embeddedPort = embeddedPort == 0 ? 7233 : embeddedPort;
      embeddedAddress = orDefault(embeddedAddress, EmbeddedTemporalServer.LOOPBACK);
      payloadKeys = payloadKeys == null ? List.of() : List.copyOf(payloadKeys);
      uiUrl = uiUrl == null ? "" : uiUrl.trim();
    }
  }

  /**
   * @param store {@code local} (under the data folder) or {@code s3}
   */
  public record Artifacts(String store) {
    public Artifacts {
      store = orDefault(store, "local");
      if (!store.equals("local") && !store.equals("s3")) {
        throw new IllegalArgumentException(
            "evalops.artifacts.store must be local or s3, was \"" + store + "\"");
      }
    }
  }

  /**
   * @param bucket bucket of artifacts and logs
   * @param prefix key prefix ahead of {@code eval_runs/}; blank for none
   * @param region AWS region
   * @param endpoint endpoint override for S3-compatible servers; blank for AWS
   * @param pathStyle path-style addressing, which most S3-compatible servers need
   * @param objectLockDays Object Lock retention of each Decision and Change Log entry, in days; 0
   *     for none. The bucket must have been created with Object Lock enabled: the engine checks at
   *     start-up and refuses to start when it is not
   * @param objectLockMode {@code GOVERNANCE} (users with the bypass permission may still delete) or
   *     {@code COMPLIANCE} (nobody may, until the retention ends)
   */
  public record S3(
      String bucket,
      String prefix,
      String region,
      String endpoint,
      boolean pathStyle,
      int objectLockDays,
      String objectLockMode) {
    public S3 {
      bucket = bucket == null ? "" : bucket.trim();
      prefix = prefix == null ? "" : prefix.trim();
      region = orDefault(region, "us-east-1");
      endpoint = endpoint == null ? "" : endpoint.trim();
      if (objectLockDays < 0) {
        throw new IllegalArgumentException(
            "evalops.s3.object-lock-days must be 0 (none) or more, was " + objectLockDays);
      }
      objectLockMode = orDefault(objectLockMode, "GOVERNANCE").toUpperCase(Locale.ROOT);
      if (!objectLockMode.equals("GOVERNANCE") && !objectLockMode.equals("COMPLIANCE")) {
        throw new IllegalArgumentException(
            "evalops.s3.object-lock-mode must be GOVERNANCE or COMPLIANCE, was \""
                + objectLockMode
                + "\"");
      }
    }
  }

  /**
   * @param headKeys the keys that sign the heads of the Decision and Change Logs, each {@code
   *     id:base64-secret}; the first signs, all verify (rotation). Empty: one generated key kept in
   *     the data folder, for a single engine
   */
  public record LedgerSettings(List<String> headKeys) {
    public LedgerSettings {
      headKeys = headKeys == null ? List.of() : List.copyOf(headKeys);
    }
  }

  /**
   * How much of a flood of refusals reaches the refusal log and the application log. Refusals of
   * authenticated callers are always written in full; these settings bound only the ones nobody is
   * accountable for (no or an unknown credential, a forged Temporal payload).
   *
   * @param writtenPerInterval unauthenticated refusals of one kind (channel and status) written in
   *     full per interval; the rest are counted, and summarised in one line per kind and interval
   * @param interval the sampling interval
   * @param maxFieldChars the longest URI, target or reason an unauthenticated refusal keeps; longer
   *     ones are cut and marked
   * @param maxFileSize {@code refusals.jsonl} is rotated before it would grow past this
   * @param keptFiles rotated files kept beside it ({@code refusals.1.jsonl} the newest)
   */
  public record Refusals(
      Integer writtenPerInterval,
      Duration interval,
      Integer maxFieldChars,
      DataSize maxFileSize,
      Integer keptFiles) {
    public Refusals {
      writtenPerInterval = writtenPerInterval == null ? 20 : writtenPerInterval;
      interval = interval == null ? Duration.ofMinutes(1) : interval;
      maxFieldChars = maxFieldChars == null ? 200 : maxFieldChars;
      maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(10) : maxFileSize;
      keptFiles = keptFiles == null ? 3 : keptFiles;
      if (writtenPerInterval < 0) {
        throw new IllegalArgumentException(
            "evalops.refusals.written-per-interval must be 0 or more, was " + writtenPerInterval);
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "evalops.refusals.interval must be positive, was " + interval);
      }
      if (maxFieldChars < 16) {
        throw new IllegalArgumentException(
            "evalops.refusals.max-field-chars must be 16 or more, was " + maxFieldChars);
      }
      if (maxFileSize.toBytes() < DataSize.ofKilobytes(64).toBytes()) {
        throw new IllegalArgumentException(
            "evalops.refusals.max-file-size must be 64KB or more, was " + maxFileSize);
      }
      if (keptFiles < 1) {
        throw new IllegalArgumentException(
            "evalops.refusals.kept-files must be 1 or more, was " + keptFiles);
      }
    }
  }

  /**
   * @param tokens the identities that may call the API: SHA-256 of the bearer token, never the
   *     token itself
   * @param devTokensFile when set, the engine writes fresh tokens for the demo identities here at
   *     start-up (embedded defaults only)
   */
  public record Auth(List<TokenIdentity> tokens, Path devTokensFile) {
    public Auth {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }
  }

  /**
   * @param identity the actor id recorded in workflows and logs
   * @param roles {@code oncall}, {@code labeler}, {@code leadership}, {@code auditor}
   * @param sha256 lower-case hex SHA-256 of the token
   */
  public record TokenIdentity(String identity, List<String> roles, String sha256) {}

  /**
   * @param botToken Slack bot token; blank runs the logging notifier
   * @param signingSecret verifies Slack's requests
   * @param channel where approval requests are posted
   * @param users Slack user id (e.g. {@code U024BE7LH}) → the engine identity and roles it acts as
   * @param approverGroup a Slack user group id (e.g. {@code S0614TZR7}) whose members act with
   *     {@code approverGroupRoles}, resolved through {@code usergroups.users.list}; blank for none
   * @param approverGroupRoles the roles the group's members get; {@code leadership} when empty
   * @param apiUrl the Web API's URL prefix; blank for Slack's own ({@code https://slack.com/api/})
   * @param mode how Slack delivers button clicks: {@code http} (Slack posts to {@code
   *     /slack/interactions}, signed with the signing secret) or {@code socket} (Socket Mode: the
   *     engine opens a WebSocket to Slack with the app token; no public URL needed)
   * @param appToken app-level token ({@code xapp-…}, scope {@code connections:write}) for Socket
   *     Mode
   */
  public record Slack(
      String botToken,
      String signingSecret,
      String channel,
      Map<String, SlackUser> users,
      String approverGroup,
      List<String> approverGroupRoles,
      String apiUrl,
      String mode,
      String appToken) {
    public Slack {
      botToken = botToken == null ? "" : botToken.trim();
      signingSecret = signingSecret == null ? "" : signingSecret.trim();
      channel = channel == null ? "" : channel.trim();
      users = users == null ? Map.of() : Map.copyOf(users);
      approverGroup = approverGroup == null ? "" : approverGroup.trim();
      approverGroupRoles =
          approverGroupRoles == null || approverGroupRoles.isEmpty()
              ? List.of("leadership")
              : List.copyOf(approverGroupRoles);
      apiUrl = apiUrl == null ? "" : apiUrl.trim();
      mode = orDefault(mode, "http").toLowerCase(Locale.ROOT);
      if (!mode.equals("http") && !mode.equals("socket")) {
        throw new IllegalArgumentException(
            "evalops.slack.mode must be http or socket, was \"" + mode + "\"");
      }
      appToken = appToken == null ? "" : appToken.trim();
    }

    public boolean socketMode() {
      return mode.equals("socket");
    }

    public boolean enabled() {
      return !botToken.isEmpty();
    }

    /** The three secrets are never printed, should a log line ever show the settings. */
    @Override
    public String toString() {
      return "Slack[botToken="
          + (botToken.isEmpty() ? "" : "***")
          + ", signingSecret="
          + (signingSecret.isEmpty() ? "" : "***")
          + ", appToken="
          + (appToken.isEmpty() ? "" : "***")
          + ", channel="
          + channel
          + ", mode="
          + mode
          + ", users="
          + users.keySet()
          + ", approverGroup="
          + approverGroup
          + "]";
    }
  }

  /**
   * A Slack user as the engine knows them.
   *
   * @param identity the actor id recorded in workflows and logs (never an e-mail or a name)
   * @param roles {@code oncall}, {@code labeler}, {@code leadership}, {@code auditor}
   */
  public record SlackUser(String identity, List<String> roles) {
    public SlackUser {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }

  /**
   * When the cadences run ({@code evalops schedules apply} makes them Temporal Schedules, or cron
   * workflows on a server without Schedules).
   *
   * @param timeZone IANA zone of every time below, and in which a run derives its day, week or
   *     month
   * @param dailyTime daily QA sampling, Monday to Friday
   * @param weeklyDay the weekday of the golden-set regression
   * @param weeklyTime the golden-set regression's time on that day
   * @param monthlyTime the calibration's time on the 1st of each month
   * @param overlapPolicy what a run due while the previous one still runs does: a Temporal {@code
   *     ScheduleOverlapPolicy} name, with or without its {@code SCHEDULE_OVERLAP_POLICY_} prefix
   *     ({@code SKIP}, {@code BUFFER_ONE}, {@code ALLOW_ALL}, …)
   * @param catchupWindow how late a missed run (server down at its time) may still start
   * @param requestedBy actor id recorded as the requester of scheduled runs
   */
  public record Schedules(
      ZoneId timeZone,
      LocalTime dailyTime,
      DayOfWeek weeklyDay,
      LocalTime weeklyTime,
      LocalTime monthlyTime,
      String overlapPolicy,
      Duration catchupWindow,
      String requestedBy) {
    private static final String OVERLAP_PREFIX = "SCHEDULE_OVERLAP_POLICY_";

    public Schedules {
      timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
      dailyTime = dailyTime == null ? LocalTime.of(9, 0) : dailyTime;
      weeklyDay = weeklyDay == null ? DayOfWeek.MONDAY : weeklyDay;
      weeklyTime = weeklyTime == null ? LocalTime.of(10, 0) : weeklyTime;
      monthlyTime = monthlyTime == null ? LocalTime.of(10, 0) : monthlyTime;
      overlapPolicy = orDefault(overlapPolicy, "SKIP").toUpperCase(Locale.ROOT);
      overlapPolicy =
          overlapPolicy.startsWith(OVERLAP_PREFIX)
              ? overlapPolicy.substring(OVERLAP_PREFIX.length())
              : overlapPolicy;
      overlap(overlapPolicy);
      catchupWindow = catchupWindow == null ? Duration.ofHours(1) : catchupWindow;
      if (catchupWindow.isNegative() || catchupWindow.isZero()) {
        throw new IllegalArgumentException(
            "evalops.schedules.catchup-window must be positive, was " + catchupWindow);
      }
      requestedBy = orDefault(requestedBy, "schedule");
    }

    /** The overlap policy as Temporal names it. */
    public ScheduleOverlapPolicy overlap() {
      return overlap(overlapPolicy);
    }

    private static ScheduleOverlapPolicy overlap(String name) {
      try {
        ScheduleOverlapPolicy policy = ScheduleOverlapPolicy.valueOf(OVERLAP_PREFIX + name);
        if (policy != ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED) {
          return policy;
        }
      } catch (IllegalArgumentException e) {
        // fall through to the message naming the allowed values
      }
      throw new IllegalArgumentException(
          "evalops.schedules.overlap-policy must be one of SKIP, BUFFER_ONE, BUFFER_ALL,"
              + " CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL; was \""
              + name
              + "\"");
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
