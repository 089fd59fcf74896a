package com.evalops.worker.slack;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the body of a Slack request exactly as it arrived, before anything reads it as a form:
 * Slack signs the raw bytes, and a form decoded and encoded again ({@code *}, {@code +}, {@code %},
 * non-ASCII) would no longer match. Registered right after the body limit, for the Slack paths
 * only; the limit refuses a body too large for any request while this reads it.
 */
public final class SlackRawBody extends OncePerRequestFilter {
  static final String ATTRIBUTE = SlackRawBody.class.getName();

  /** The bytes the filter kept for this request. */
  static byte[] of(HttpServletRequest request) {
    byte[] body = (byte[]) request.getAttribute(ATTRIBUTE);
    if (body == null) {
      throw new IllegalStateException(
          "SlackRawBody is not registered for " + request.getRequestURI());
    }
    return body;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(ATTRIBUTE, request.getInputStream().readAllBytes());
    chain.doFilter(request, response);
  }
}
