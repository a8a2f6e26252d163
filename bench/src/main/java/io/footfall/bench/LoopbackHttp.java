package io.footfall.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client for load runs and query timings: one keep-alive connection, requests
 * written in one buffer, answers read with {@code Content-Length} or chunked framing.
 *
 * <p>Why not {@link java.net.http.HttpClient}: on a 2-core machine the load generator shares the
 * CPU with the server it measures, and the JDK client spent 65–85 µs of CPU per request (measured),
 * a third of what the server spent. A load generator should cost as little as possible, as wrk or
 * h2load do; this one writes one buffer and parses a status line and two headers.
 */
final class LoopbackHttp implements AutoCloseable {
  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param body the body bytes
   * @param retryAfterSeconds the {@code Retry-After} header, or -1
   * @param serverMillis the {@code dur} of a {@code Server-Timing} header, or -1
   */
  record Answer(int status, byte[] body, long retryAfterSeconds, double serverMillis) {}

  private final URI target;
  private final String bearerToken;
  private final int timeoutMillis;
  private final byte[] head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** A client for POSTs of JSON to {@code target}, with the given bearer token. */
  LoopbackHttp(URI target, String bearerToken) {
    this(target, bearerToken, java.time.Duration.ofSeconds(30));
  }

  /**
   * A client for {@code target}'s host and port, with the given bearer token; {@link #post} sends
   * to {@code target}'s path, {@link #send} to any. A read waits at most {@code timeout}.
   */
  LoopbackHttp(URI target, String bearerToken, java.time.Duration timeout) {
    this.target = target;
    this.bearerToken = bearerToken;
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    this.head = head("POST", target.getRawPath(), true);
  }

  private byte[] head(String method, String pathAndQuery, boolean json) {
    return (method
            + " "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: "
            + target.getHost()
            + ":"
            + target.getPort()
            + (json ? "\r\nContent-Type: application/json" : "")
            + "\r\nAuthorization: Bearer "
            + bearerToken
            + "\r\nContent-Length: ")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one POST and reads its answer, connecting (again) when needed. */
  Answer post(byte[] body) throws IOException {
    return exchange(head, body);
  }

  /**
   * Sends a GET of {@code pathAndQuery} (an empty body) or a POST of the JSON body, and reads the
   * answer, connecting (again) when needed.
   */
  Answer send(String pathAndQuery, byte[] jsonBody) throws IOException {
    boolean post = jsonBody.length > 0;
    return exchange(head(post ? "POST" : "GET", pathAndQuery, post), jsonBody);
  }

  private Answer exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 10_000);
      socket.setSoTimeout(timeoutMillis);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    }
    try {
      byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + length.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(length, 0, request, head.length, length.length);
      System.arraycopy(body, 0, request, head.length + length.length, body.length);
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Answer read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closing = false;
    long retryAfter = -1;
    double serverMillis = -1;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closing = value.equalsIgnoreCase("close");
        case "retry-after" -> {
          try {
            retryAfter = Long.parseLong(value);
          } catch (NumberFormatException e) {
            retryAfter = 1;
          }
        }
        case "server-timing" -> serverMillis = serverTiming(value);
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().strip(), 16); size > 0; ) {
        all.write(in.readNBytes(size));
        line();
        size = Integer.parseInt(line().strip(), 16);
      }
      line();
      body = all.toByteArray();
    } else if (contentLength >= 0) {
      body = in.readNBytes((int) contentLength);
    } else {
      body = in.readAllBytes();
      closing = true;
    }
    if (closing) {
      close();
    }
    return new Answer(code, body, retryAfter, serverMillis);
  }

  /** The {@code dur} of a {@code Server-Timing} value ({@code query;dur=12.5}), or -1. */
  static double serverTiming(String value) {
    int at = value.indexOf("dur=");
    if (at < 0) {
      return -1;
    }
    int end = at + 4;
    while (end < value.length() && ",;".indexOf(value.charAt(end)) < 0) {
      end++;
    }
    try {
      return Double.parseDouble(value.substring(at + 4, end).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a connection that failed
      }
      socket = null;
    }
  }
}
