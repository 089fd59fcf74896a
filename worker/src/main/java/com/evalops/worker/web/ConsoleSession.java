package com.evalops.worker.web;

import com.evalops.worker.auth.ApiIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's session: who logged in (the identity their token stands for) and the session's CSRF
 * token. The session id changes at login, so a session id planted before login is worth nothing.
 */
public final class ConsoleSession {
  /** The channel every console action is recorded with. */
  public static final String CHANNEL = "web";

  /** The form field carrying the CSRF token. */
  public static final String CSRF_FIELD = "_csrf";

  static final String IDENTITY = ConsoleSession.class.getName() + ".identity";
  static final String CSRF = ConsoleSession.class.getName() + ".csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConsoleSession() {}

  /** The session's CSRF token, made with the session. */
  static String csrf(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    String token = (String) session.getAttribute(CSRF);
    if (token == null) {
      token = newToken();
      session.setAttribute(CSRF, token);
    }
    return token;
  }

  /** Whether {@code presented} is this session's CSRF token, compared in constant time. */
  static boolean csrfMatches(HttpServletRequest request, String presented) {
    HttpSession session = request.getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(CSRF);
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The logged-in identity, or null. */
  static ApiIdentity identity(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (ApiIdentity) session.getAttribute(IDENTITY);
  }

  /** The logged-in identity of a request the console filter let through. */
  public static ApiIdentity who(HttpServletRequest request) {
    ApiIdentity who = identity(request);
    if (who == null) {
      throw new IllegalStateException("the console filter lets no anonymous request through");
    }
    return who;
  }

  /** Logs {@code who} in on a new session (new id, new CSRF token); the old one is dropped. */
  static void login(HttpServletRequest request, ApiIdentity who) {
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(IDENTITY, who);
    session.setAttribute(CSRF, newToken());
  }

  static void logout(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
