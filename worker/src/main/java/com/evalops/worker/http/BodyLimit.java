package com.evalops.worker.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The largest request body the engine reads ({@code evalops.api.max-body-size}), on every path. A
 * body that declares a larger length is answered 413 before a byte of it is read; a body without a
 * length (chunked) is counted as it is read and refused the moment it passes the limit, whoever
 * reads it (the JSON reader, Slack's signature check). Form posts are parsed by the servlet
 * container itself, which {@link BodyLimitSetup} holds to the same limit; its refusal becomes the
 * same 413 here.
 */
public final class BodyLimit extends OncePerRequestFilter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final long maxBytes;

  public BodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The body grew past the limit while it was being read. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    TooLarge(long maxBytes) {
      super("the request body is larger than " + maxBytes + " bytes");
      this.maxBytes = maxBytes;
    }

    public long maxBytes() {
      return maxBytes;
    }
  }

  /**
   * The limit, when {@code failure} (or one of its causes) is a body refused for its size: readers
   * wrap what the stream threw, and the error handlers of the API answer it with 413.
   */
  public static Optional<Long> exceeded(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge tooLarge) {
        return Optional.of(tooLarge.maxBytes());
      }
    }
    return Optional.empty();
  }

  /** The 413 body, in the API's error format. */
  public static Map<String, Object> refusal(long maxBytes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "too_large");
    body.put(
        "reason",
        "the request body is larger than the limit of "
            + maxBytes
            + " bytes (evalops.api.max-body-size)");
    body.put("allowed", "at most " + maxBytes + " bytes");
    return body;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      refuse(response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, maxBytes), response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!tooLarge(e) || response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(response);
    }
  }

  /**
   * Our own count, or the container's refusal of a form post past its {@code maxPostSize} (Tomcat
   * reports it as a parameter error with status 413).
   */
  private static boolean tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge
          || (t instanceof InvalidParameterException invalid && invalid.getErrorCode() == 413)) {
        return true;
      }
    }
    return false;
  }

  private void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType("application/json");
    response.getOutputStream().write(JSON.writeValueAsBytes(refusal(maxBytes)));
  }

  /** The request, with a body that cannot be read past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;
    private BufferedReader reader;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (reader != null) {
        throw new IllegalStateException("getReader() was called already");
      }
      if (stream == null) {
        stream = new Counted(super.getInputStream(), maxBytes);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (stream != null) {
        throw new IllegalStateException("getInputStream() was called already");
      }
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader =
            new BufferedReader(
                new InputStreamReader(new Counted(super.getInputStream(), maxBytes), charset));
      }
      return reader;
    }
  }

  /** Counts what is read and throws {@link TooLarge} at the first byte past the limit. */
  private static final class Counted extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    Counted(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > maxBytes) {
        throw new TooLarge(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
