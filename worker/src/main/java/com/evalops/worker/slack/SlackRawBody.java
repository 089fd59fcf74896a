package com.evalops.worker.slack;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the body of a Slack request exactly as it arrived, before anything reads it as a form:
 * Slack signs the raw bytes, and a form decoded and encoded again ({@code *}, {@code +}, {@code %},
 * non-ASCII) would no longer match. Registered first in the filter chain, for the Slack paths only.
 */
public final class SlackRawBody extends OncePerRequestFilter {
  static final String ATTRIBUTE = SlackRawBody.class.getName();

  /** Slack's interaction payloads are a few kilobytes; anything this big is not one. */
  static final int MAX_BYTES = 1 << 20;

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
    byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      response.setStatus(413);
      response.setContentType("text/plain;charset=UTF-8");
      response.getOutputStream().write("request body too large".getBytes(StandardCharsets.UTF_8));
      return;
    }
    request.setAttribute(ATTRIBUTE, body);
    chain.doFilter(request, response);
  }
}
