package com.evalops.cli.client;

import com.evalops.cli.ExitCodes;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The engine's REST API as the command line calls it: every request carries the caller's bearer
 * token and {@code X-Evalops-Channel: cli}, and every answer other than 2xx becomes an {@link
 * EngineException} with the exit code the command line keeps to:
 *
 * <ul>
 *   <li>400 bad input: exit 2, with the engine's reason and the field it names;
 *   <li>401, 403, 409 refused (no or unknown token, a role that may not act, the workflow
 *       validator's refusal): exit 1, {@code refused: <reason>};
 *   <li>404 and other 4xx: exit 2;
 *   <li>5xx, no engine listening, no answer in time: exit 3.
 * </ul>
 */
public final class EngineClient {
  public static final String DEFAULT_URL = "http://localhost:8080";
  public static final Path DEFAULT_DEV_TOKENS = Path.of("data", "dev-tokens.properties");
  public static final String ENV_URL = "EVALOPS_ENGINE_URL";
  public static final String ENV_TOKEN = "EVALOPS_TOKEN";
  public static final String ENV_DEV_TOKENS = "EVALOPS_DEV_TOKENS";
  static final String CHANNEL_HEADER = "X-Evalops-Channel";

  /** Most requests answer at once; starting a runbook only asks Temporal to start it. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private final URI baseUrl;
  private final String token;
  private final HttpClient http;

  /**
   * @param baseUrl the engine, e.g. {@code http://localhost:8080}
   * @param token the caller's bearer token
   */
  public EngineClient(URI baseUrl, String token) {
    String url = baseUrl.toString();
    this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * The client of the command line's settings: {@code engineUrl} (else {@code EVALOPS_ENGINE_URL},
   * else {@value #DEFAULT_URL}); as {@code identity}, with its token from the laptop engine's dev
   * tokens file, when one is named, else with {@code EVALOPS_TOKEN}.
   *
   * @param engineUrl {@code --engine}, or null
   * @param identity {@code --as}, or null
   * @param devTokens the dev tokens file ({@code --dev-tokens}), or null for {@code
   *     EVALOPS_DEV_TOKENS}, else {@code data/dev-tokens.properties}
   * @param env the environment ({@code System.getenv()})
   */
  public static EngineClient connect(
      String engineUrl, String identity, Path devTokens, Map<String, String> env) {
    return new EngineClient(baseUrl(engineUrl, env), token(identity, devTokens, env));
  }

  /** The engine's URL: the option, else {@code EVALOPS_ENGINE_URL}, else the laptop default. */
  public static URI baseUrl(String engineUrl, Map<String, String> env) {
    String url = firstSet(engineUrl, env.get(ENV_URL), DEFAULT_URL);
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new EngineException(
          0,
          ExitCodes.INVALID_INPUT,
          "error: the engine URL \"" + url + "\" is not an http(s) URL like " + DEFAULT_URL,
          e.getMessage(),
          "--engine");
    }
  }

  /**
   * The caller's token. An identity named with {@code --as} wins over {@code EVALOPS_TOKEN}: a
   * person who says who they act as must not act, silently, as someone else.
   */
  public static String token(String identity, Path devTokens, Map<String, String> env) {
    if (identity != null && !identity.isBlank()) {
      Path file =
          devTokens != null
              ? devTokens
              : Path.of(firstSet(env.get(ENV_DEV_TOKENS), DEFAULT_DEV_TOKENS.toString()));
      return devToken(file, identity.trim());
    }
    String token = env.get(ENV_TOKEN);
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    throw new EngineException(
        0,
        ExitCodes.INVALID_INPUT,
        "error: who is acting? set EVALOPS_TOKEN or use --as <identity> on a laptop engine",
        "no identity",
        "--as");
  }

  /** A demo identity's token from the dev tokens file a laptop engine writes at start-up. */
  public static String devToken(Path file, String identity) {
    Properties tokens = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      tokens.load(in);
    } catch (NoSuchFileException e) {
      throw new EngineException(
          0,
          ExitCodes.INVALID_INPUT,
          "error: --as "
              + identity
              + " needs the laptop engine's dev tokens, and there is no "
              + file
              + ": start the engine with ./evalops up (it writes the file), set "
              + ENV_DEV_TOKENS
              + " to where it is, or set "
              + ENV_TOKEN
              + " instead",
          "no dev tokens file",
          "--as");
    } catch (IOException e) {
      throw new EngineException(
          0,
          ExitCodes.INVALID_INPUT,
          "error: cannot read the dev tokens file " + file + ": " + e.getMessage(),
          e.getMessage(),
          "--as");
    }
    String token = tokens.getProperty(identity, "").trim();
    if (token.isEmpty()) {
      throw new EngineException(
          0,
          ExitCodes.INVALID_INPUT,
          "error: no identity \""
              + identity
              + "\" in "
              + file
              + "; it has "
              + String.join(", ", new TreeSet<>(tokens.stringPropertyNames())),
          "unknown identity",
          "--as");
    }
    return token;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * {@code GET path}; the answer's JSON (a missing node for an empty body, a text node for one that
   * is not JSON).
   */
  public JsonNode get(String path) {
    return send("GET", path, null, DEFAULT_TIMEOUT);
  }

  /** {@code POST path} with {@code body} as JSON (null: no body); nulls in maps are left out. */
  public JsonNode post(String path, Object body) {
    return send("POST", path, body, DEFAULT_TIMEOUT);
  }

  /** {@code POST}, waiting up to {@code timeout} for the answer (an evaluation run in-request). */
  public JsonNode post(String path, Object body, Duration timeout) {
    return send("POST", path, body, timeout);
  }

  /** An API path from segments, each URL-encoded: {@code path("runs", id, "labels")}. */
  public static String path(String... segments) {
    StringBuilder path = new StringBuilder("/api");
    for (String segment : segments) {
      path.append('/')
          .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path.toString();
  }

  /** JSON as the command line's {@code --json} prints it: indented, as the engine sent it. */
  public static String pretty(JsonNode json) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(String method, String path, Object body, Duration timeout) {
    URI uri = URI.create(baseUrl + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header(CHANNEL_HEADER, "cli")
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unavailable("no engine at " + baseUrl + ": start it with ./evalops up", e);
    } catch (HttpTimeoutException e) {
      throw unavailable(
          "the engine at "
              + baseUrl
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + timeout.toSeconds()
              + " s",
          e);
    } catch (IOException e) {
      throw unavailable("cannot reach the engine at " + baseUrl + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for the engine at " + baseUrl, e);
    }
    JsonNode json = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      return json;
    }
    throw error(method, path, response.statusCode(), json, response.body());
  }

  /** A status other than 2xx as the command line reports it. */
  static EngineException error(String method, String path, int status, JsonNode json, String body) {
    String reason = json.path("reason").asText("");
    if (reason.isBlank()) {
      reason =
          body == null || body.isBlank()
              ? "HTTP " + status
              : body.strip().lines().findFirst().orElse("");
    }
    String field = json.hasNonNull("field") ? json.get("field").asText() : null;
    if (status == 400) {
      return new EngineException(
          status,
          ExitCodes.INVALID_INPUT,
          "error: " + reason + (field == null ? "" : " (field " + field + ")"),
          reason,
          field);
    }
    if (status == 401 || status == 403 || status == 409) {
      String hint =
          status == 401 ? " (check EVALOPS_TOKEN, or --as with a laptop engine's identity)" : "";
      return new EngineException(
          status, ExitCodes.REFUSED, "refused: " + reason + hint, reason, field);
    }
    if (status == 404) {
      return new EngineException(
          status, ExitCodes.INVALID_INPUT, "not found: " + reason, reason, field);
    }
    if (status >= 500) {
      return new EngineException(
          status,
          ExitCodes.FAILED,
          (status == 503 ? "unavailable: " : "engine error (HTTP " + status + "): ") + reason,
          reason,
          field);
    }
    return new EngineException(
        status,
        ExitCodes.INVALID_INPUT,
        "error: " + method + " " + path + " answered HTTP " + status + ": " + reason,
        reason,
        field);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(body.strip());
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
    }
  }

  private EngineException unavailable(String message, Exception cause) {
    EngineException e =
        new EngineException(0, ExitCodes.FAILED, message, String.valueOf(cause), null);
    e.initCause(cause);
    return e;
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
