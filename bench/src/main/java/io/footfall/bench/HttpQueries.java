package io.footfall.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Sends the benchmark's requests to the server over loopback (HTTP/1.1, keep-alive) and times each
 * from just before {@code send} to the complete answer body.
 *
 * <p>Requests carry the server's admin token, not a read API key: the server records an API key's
 * (and a session's) use at most once a minute, and when several requests of one key arrive at once
 * at that moment, all but one fail with a DuckDB write conflict (500), which a concurrent overview
 * hits. The token is checked in memory; the site's access check and goals are still read.
 */
final class HttpQueries implements AutoCloseable {
  private final HttpClient http;
  private final URI base;
  private final String token;
  private final Duration timeout;
  private final Map<String, List<String>> failures = new ConcurrentHashMap<>();

  HttpQueries(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /** An answer and how long it took. */
  record Timed(long nanos, String body) {}

  /**
   * Sends the request and reads the whole answer.
   *
   * @throws BenchException if the answer is not 200, or the request fails or times out
   */
  Timed send(StatsRequest r) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(r.pathAndQuery()))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token);
    if (r.isPost()) {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(r.jsonBody()));
    } else {
      b.GET();
    }
    HttpRequest request = b.build();
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BenchException(
          r.name() + ": " + request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted: " + r.name(), e);
    }
    long nanos = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new BenchException(
          r.name()
              + ": "
              + request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return new Timed(nanos, response.body());
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

  /** Per request name, why its failed sends failed, in order. */
  Map<String, List<String>> failures() {
    return failures;
  }

  @Override
  public void close() {
    http.close();
  }
}
