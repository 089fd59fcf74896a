package com.evalops.activities.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server that speaks the part of the Slack Web API the engine uses ({@code
 * chat.postMessage}, {@code chat.update}, {@code conversations.history}, {@code
 * usergroups.users.list}), keeps the channel's messages, and records every call. Failures can be
 * queued per method: an HTTP status (with {@code Retry-After} for 429) answered instead of the
 * call, or after carrying it out (a lost answer).
 */
public final class SlackApiServer implements AutoCloseable {
  public static final String CHANNEL = "C0APPROVALS";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Web API call as the server received it. */
  public record Call(String method, Map<String, String> params, int status) {}

  /** A message in the channel, as the last post or update left it. */
  public static final class Posted {
    public final String ts;
    public final String threadTs;
    public volatile String text;
    public volatile String blocks;
    public final Map<String, Object> metadata;

    Posted(String ts, String threadTs, String text, String blocks, Map<String, Object> metadata) {
      this.ts = ts;
      this.threadTs = threadTs;
      this.text = text;
      this.blocks = blocks;
      this.metadata = metadata;
    }
  }

  private record Failure(int status, int retryAfter, boolean afterDoing, String error) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Posted> messages = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final Map<String, List<String>> groups = new HashMap<>();
  private long clock = 1_700_000_000L;

  public SlackApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/", this::handle);
    server.start();
  }

  /** A Web API client pointed at this server. */
  public MethodsClient methods() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(
        "http://localhost:" + server.getAddress().getPort() + "/api/");
    return Slack.getInstance(config).methods("xoxb-test-token");
  }

  /** The next call of {@code method} is answered with {@code status} instead of being done. */
  public synchronized void failNext(String method, int status, int retryAfterSeconds) {
    failures
        .computeIfAbsent(method, m -> new ArrayDeque<>())
        .add(new Failure(status, retryAfterSeconds, false, "ratelimited"));
  }

  /** The next call of {@code method} is refused with {@code ok:false} and {@code error}. */
  public synchronized void refuseNext(String method, String error) {
    failures
        .computeIfAbsent(method, m -> new ArrayDeque<>())
        .add(new Failure(200, 0, false, error));
  }

  /** The next call of {@code method} is carried out, but its answer is lost ({@code status}). */
  public synchronized void loseNextAnswer(String method, int status) {
    failures
        .computeIfAbsent(method, m -> new ArrayDeque<>())
        .add(new Failure(status, 0, true, null));
  }

  public synchronized void group(String id, List<String> users) {
    groups.put(id, List.copyOf(users));
  }

  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method) && c.status() == 200).toList();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Top-level messages of the channel, oldest first. */
  public List<Posted> messages() {
    return messages.stream().filter(m -> m.threadTs == null).toList();
  }

  /** Replies in the thread of {@code ts}, oldest first. */
  public List<Posted> replies(String ts) {
    return messages.stream().filter(m -> ts.equals(m.threadTs)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      Map<String, String> params =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Failure failure;
      synchronized (this) {
        Deque<Failure> queued = failures.get(method);
        failure = queued == null ? null : queued.poll();
      }
      if (failure != null && !failure.afterDoing()) {
        calls.add(new Call(method, params, failure.status()));
        if (failure.retryAfter() > 0) {
          exchange.getResponseHeaders().add("Retry-After", Integer.toString(failure.retryAfter()));
        }
        send(exchange, failure.status(), Map.of("ok", false, "error", failure.error()));
        return;
      }
      Map<String, Object> answer = answer(method, params);
      int status = failure != null ? failure.status() : 200;
      calls.add(new Call(method, params, status));
      send(exchange, status, status == 200 ? answer : Map.of("ok", false));
    }
  }

  private synchronized Map<String, Object> answer(String method, Map<String, String> p)
      throws IOException {
    Map<String, Object> answer = new LinkedHashMap<>();
    switch (method) {
      case "chat.postMessage" -> {
        String ts = (clock++) + ".000100";
        Map<String, Object> metadata =
            p.containsKey("metadata")
                ? JSON.readValue(p.get("metadata"), new TypeReference<Map<String, Object>>() {})
                : null;
        messages.add(new Posted(ts, p.get("thread_ts"), p.get("text"), p.get("blocks"), metadata));
        answer.put("ok", true);
        answer.put("channel", CHANNEL);
        answer.put("ts", ts);
      }
      case "chat.update" -> {
        Posted m = messages.stream().filter(x -> x.ts.equals(p.get("ts"))).findFirst().orElse(null);
        if (m == null || !CHANNEL.equals(p.get("channel"))) {
          return Map.of("ok", false, "error", "message_not_found");
        }
        m.text = p.get("text");
        m.blocks = p.get("blocks");
        answer.put("ok", true);
        answer.put("channel", CHANNEL);
        answer.put("ts", m.ts);
      }
      case "auth.test" -> {
        answer.put("ok", true);
        answer.put("team_id", "T0EVALOPS");
        answer.put("user_id", "U0BOT");
        answer.put("bot_id", "B0BOT");
      }
      case "conversations.history" -> {
        if (!CHANNEL.equals(p.get("channel"))) {
          return Map.of("ok", false, "error", "channel_not_found");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Posted m : messages()) {
          Map<String, Object> message = new LinkedHashMap<>();
          message.put("type", "message");
          message.put("ts", m.ts);
          message.put("text", m.text);
          if (m.metadata != null && List.of("1", "true").contains(p.get("include_all_metadata"))) {
            message.put("metadata", m.metadata);
          }
          list.add(0, message);
        }
        answer.put("ok", true);
        answer.put("messages", list);
        answer.put("has_more", false);
      }
      case "usergroups.users.list" -> {
        List<String> users = groups.get(p.get("usergroup"));
        if (users == null) {
          return Map.of("ok", false, "error", "no_such_subteam");
        }
        answer.put("ok", true);
        answer.put("users", users);
      }
      default -> {
        return Map.of("ok", false, "error", "unknown_method");
      }
    }
    return answer;
  }

  private static void send(HttpExchange exchange, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }
}
