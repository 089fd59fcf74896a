package com.evalops.worker.web;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.auth.BearerTokenFilter;
import com.evalops.worker.auth.RefusalLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every {@code /console/} request: security headers that keep the pages to this origin;
 * every POST must carry the session's CSRF token (else 403, recorded); every page but the login
 * page needs a logged-in session (a GET is sent to the login page).
 */
final class ConsoleFilter extends OncePerRequestFilter {
  static final String ASSETS = "/console/assets/";
  static final String LOGIN = "/console/login";

  /** Scripts, styles and images from this origin only: the console makes no outside request. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final RefusalLog refusals;

  ConsoleFilter(RefusalLog refusals) {
    this.refusals = refusals;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = path(request);
    return !(path.equals("/console") || path.startsWith("/console/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    String path = path(request);
    if (path.startsWith(ASSETS)) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    ApiIdentity who = ConsoleSession.identity(request);
    if ("POST".equals(request.getMethod())
        && !ConsoleSession.csrfMatches(request, request.getParameter(ConsoleSession.CSRF_FIELD))) {
      String reason = "missing or wrong CSRF token: reload the page and try again";
      refusals.record(
          403, who == null ? "" : who.id(), ConsoleSession.CHANNEL, "POST " + path, "", reason);
      response.setStatus(403);
      response.setContentType("text/html;charset=UTF-8");
      response
          .getWriter()
          .write(
              "<!DOCTYPE html><html lang=\"en\"><head><title>Refused</title>"
                  + "<link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>"
                  + "<body><main><h1>403: refused</h1><p class=\"refusal\">"
                  + reason
                  + "</p><p><a href=\"/console/login\">Log in</a></p></main></body></html>");
      return;
    }
    if (path.equals(LOGIN) || who != null) {
      chain.doFilter(request, response);
      return;
    }
    String next = "GET".equals(request.getMethod()) ? path : "/console/";
    response.sendRedirect(LOGIN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
  }

  /** Decoded and normalized, as requests are routed: a raw {@code /%63onsole/…} is the console. */
  private static String path(HttpServletRequest request) {
    return BearerTokenFilter.routedPath(request);
  }
}
