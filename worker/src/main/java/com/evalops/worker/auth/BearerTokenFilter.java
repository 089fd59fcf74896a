package com.evalops.worker.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every {@code /api/} request: {@code Authorization: Bearer <token>}, or HTTP Basic
 * with the token as password (AWS SNS can only send credentials that way, from the subscription
 * URL). Without a known token: 401, recorded, and the request goes no further.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {
  public static final String IDENTITY = ApiIdentity.class.getName();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TokenRegistry tokens;
  private final RefusalLog refusals;

  public BearerTokenFilter(TokenRegistry tokens, RefusalLog refusals) {
    this.tokens = tokens;
    this.refusals = refusals;
  }

  /**
   * Judged on the decoded, normalized path the application routes by, never on the raw URI: a raw
   * {@code /%61pi/runs} does not start with {@code /api/} yet reaches the API's handlers.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !routedPath(request).startsWith("/api/");
  }

  /** The path as the servlet container decoded and normalized it. */
  public static String routedPath(HttpServletRequest request) {
    String info = request.getPathInfo();
    return request.getServletPath() + (info == null ? "" : info);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    Optional<ApiIdentity> identity = tokens.identify(token(header));
    if (identity.isEmpty()) {
      String reason =
          header == null
              ? "no credentials: send Authorization: Bearer <token>"
              : "unknown or malformed token";
      refusals.record(
          401, "", "api", request.getMethod() + " " + request.getRequestURI(), "", reason);
      response.setStatus(401);
      response.setHeader("WWW-Authenticate", "Bearer realm=\"evalops\"");
      response.setContentType("application/json");
      response.getOutputStream().write(unauthorizedBody(reason));
      return;
    }
    request.setAttribute(IDENTITY, identity.get());
    chain.doFilter(request, response);
  }

  /**
   * The API's error body ({@code ApiErrors}), written by the JSON library so any reason is safe.
   */
  static byte[] unauthorizedBody(String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "unauthorized");
    body.put("reason", reason);
    return JSON.writeValueAsBytes(body);
  }

  static String token(String header) {
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
