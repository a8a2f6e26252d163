package io.footfall.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends the benchmark's requests to the server over loopback (HTTP/1.1, keep-alive) and times each
 * from just before the request is written to the complete answer body.
 *
 * <p>The client is {@link LoopbackHttp}, one kept-alive connection per request in flight, as curl
 * or wrk would: the benchmark compares the server's time with the same statements run directly, and
 * on two shared cores the JDK's {@code HttpClient} added 2–3 ms of its own to every request
 * (measured side by side on the same server: realtime 9.4 vs 7.6 ms p50), which is the client's
 * cost, not the server's.
 *
 * <p>Requests carry the server's admin token, not a read API key: the server records an API key's
 * (and a session's) use at most once a minute, and when several requests of one key arrive at once
 * at that moment, all but one fail with a DuckDB write conflict (500), which a concurrent overview
 * hits. The token is checked in memory; the site's access check and goals are still read.
 */
final class HttpQueries implements AutoCloseable {
  private final URI base;
  private final String token;
  private final Duration timeout;
  private final Deque<LoopbackHttp> idle = new ConcurrentLinkedDeque<>();
  private final Map<String, List<String>> failures = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> serverNanos = new ConcurrentHashMap<>();

  HttpQueries(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
  }

  /** An answer and how long it took. */
  record Timed(long nanos, String body) {}

  /**
   * Sends the request and reads the whole answer.
   *
   * @throws BenchException if the answer is not 200, or the request fails or times out
   */
  Timed send(StatsRequest r) {
    LoopbackHttp kept = idle.poll();
    LoopbackHttp connection = kept != null ? kept : new LoopbackHttp(base, token, timeout);
    String method = r.isPost() ? "POST" : "GET";
    byte[] body = r.jsonBody().getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    LoopbackHttp.Answer answer;
    try {
      answer = connection.send(r.pathAndQuery(), body);
    } catch (IOException stale) {
      // A kept connection the server had closed while idle: once more on a new one, timed anew.
      connection.close();
      if (kept == null) {
        throw failed(r, method, stale);
      }
      connection = new LoopbackHttp(base, token, timeout);
      start = System.nanoTime();
      try {
        answer = connection.send(r.pathAndQuery(), body);
      } catch (IOException e) {
        connection.close();
        throw failed(r, method, e);
      }
    }
    long nanos = System.nanoTime() - start;
    idle.push(connection);
    if (answer.serverMillis() >= 0) {
      serverNanos
          .computeIfAbsent(r.name(), k -> new CopyOnWriteArrayList<>())
          .add(Math.round(answer.serverMillis() * 1e6));
    }
    String text = new String(answer.body(), StandardCharsets.UTF_8);
    if (answer.status() != 200) {
      throw new BenchException(
          r.name()
              + ": "
              + method
              + " "
              + base.resolve(r.pathAndQuery())
              + " answered "
              + answer.status()
              + ": "
              + text);
    }
    return new Timed(nanos, text);
  }

  private BenchException failed(StatsRequest r, String method, IOException e) {
    return new BenchException(
        r.name() + ": " + method + " " + base.resolve(r.pathAndQuery()) + " failed: " + e, e);
  }

  /**
   * Sends the request and returns its time, or {@link ConcurrentRun#FAILED} after recording why
   * when the server did not answer 200: a failure is a result, not the end of the benchmark.
   */
  long sendOrRecord(StatsRequest r) {
    try {
      return send(r).nanos();
    } catch (BenchException e) {
      failures.computeIfAbsent(r.name(), k -> new CopyOnWriteArrayList<>()).add(e.getMessage());
      return ConcurrentRun.FAILED;
    }
  }

  /**
   * Sends the requests at once, each on its own virtual thread, as a dashboard does; failures are
   * recorded as in {@link #sendOrRecord}.
   */
  ConcurrentRun sendTogether(List<StatsRequest> requests) {
    List<Callable<Long>> tasks = new ArrayList<>();
    for (StatsRequest r : requests) {
      tasks.add(() -> sendOrRecord(r));
    }
    return ConcurrentRun.of(tasks, Thread.ofVirtual().factory());
  }

  /**
   * Per request name, the server's own time of each answer so far (its {@code Server-Timing}: the
   * access check, the queries and any wait for a query thread), in order.
   */
  Map<String, List<Long>> serverNanos() {
    return serverNanos;
  }

  /** Forgets the server times so far (those of the warm-up runs). */
  void forgetServerTimes() {
    serverNanos.clear();
  }

  /** Per request name, why its failed sends failed, in order. */
  Map<String, List<String>> failures() {
    return failures;
  }

  @Override
  public void close() {
    for (LoopbackHttp c = idle.poll(); c != null; c = idle.poll()) {
      c.close();
    }
  }
}
