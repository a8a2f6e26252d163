package io.footfall.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One closed-loop load run: {@code clients} virtual threads, each with its own keep-alive
 * connection ({@link LoopbackHttp}), each sends a request, waits for the answer, and sends the
 * next, until the run has issued {@code maxRequests} requests or {@code duration} has passed,
 * whichever comes first.
 *
 * <p>Latency is measured per request from just before {@code send} to the complete answer, and kept
 * for 202 answers only. Answers 429 and 503 are counted and honoured: the client waits {@code
 * Retry-After} (at most one second, so a shedding server cannot stall a run) before its next
 * request. Transport errors count under status {@code -1}.
 */
final class LoadRun {
  private LoadRun() {}

  /**
   * What one run measured.
   *
   * @param requests requests sent
   * @param acceptedEvents the sum of {@code accepted} over 202 answers
   * @param statuses answers by HTTP status; {@code -1} for transport errors
   * @param latencies202 latency of every 202 answer, nanoseconds, sorted ascending
   * @param elapsedNanos from the first request to the last answer
   */
  record Result(
      long requests,
      long acceptedEvents,
      Map<Integer, Long> statuses,
      long[] latencies202,
      long elapsedNanos) {

    double eventsPerSecond() {
      return acceptedEvents / (elapsedNanos / 1e9);
    }

    double requestsPerSecond() {
      return requests / (elapsedNanos / 1e9);
    }

    long non202() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() != 202)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /** Latency percentile of 202 answers in milliseconds; NaN if there were none. */
    double latencyMillis(double percentile) {
      return latencies202.length == 0
          ? Double.NaN
          : Stats.percentile(latencies202, percentile) / 1e6;
    }
  }

  static Result run(
      URI track,
      String adminToken,
      Supplier<byte[]> bodies,
      int clients,
      Duration duration,
      long maxRequests) {
    if (clients < 1 || maxRequests < 1 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "a run needs clients >= 1, maxRequests >= 1 and a positive duration, got "
              + clients
              + ", "
              + maxRequests
              + ", "
              + duration);
    }
    AtomicLong issued = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    Client[] results = new Client[clients];
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?>[] running = new Future<?>[clients];
      for (int c = 0; c < clients; c++) {
        Client client = new Client();
        results[c] = client;
        running[c] =
            threads.submit(
                () -> {
                  client.loop(track, adminToken, bodies, issued, maxRequests, deadline);
                  return null;
                });
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted during a load run", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new BenchException("a load client failed: " + e.getCause(), e.getCause());
    }
    long elapsed = System.nanoTime() - start;
    long requests = 0;
    long accepted = 0;
    Map<Integer, Long> statuses = new TreeMap<>();
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    for (int c = 0; c < clients; c++) {
      Client r = results[c];
      requests += r.requests;
      accepted += r.accepted;
      r.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
      latencies[c] = r.latencies;
      counts[c] = r.count;
    }
    long[] all = Stats.concat(latencies, counts);
    Arrays.sort(all);
    return new Result(requests, accepted, statuses, all, elapsed);
  }

  /** The {@code accepted} count of a 202 answer, read without a JSON parser; 0 if absent. */
  static long acceptedCount(byte[] answer) {
    String body = new String(answer, StandardCharsets.UTF_8);
    int key = body.indexOf("\"accepted\"");
    if (key < 0) {
      return 0;
    }
    int i = body.indexOf(':', key) + 1;
    while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
      i++;
    }
    long n = 0;
    while (i < body.length() && Character.isDigit(body.charAt(i))) {
      n = n * 10 + (body.charAt(i++) - '0');
    }
    return n;
  }

  /** One client's loop and tallies; only its own thread touches them until the run ends. */
  private static final class Client {
    long requests;
    long accepted;
    long[] latencies = new long[1024];
    int count;
    final Map<Integer, Long> statuses = new TreeMap<>();

    void loop(
        URI track,
        String adminToken,
        Supplier<byte[]> bodies,
        AtomicLong issued,
        long maxRequests,
        long deadline)
        throws InterruptedException {
      try (LoopbackHttp connection = new LoopbackHttp(track, adminToken)) {
        while (System.nanoTime() < deadline && issued.getAndIncrement() < maxRequests) {
          byte[] body = bodies.get();
          requests++;
          long t0 = System.nanoTime();
          try {
            LoopbackHttp.Answer response = connection.post(body);
            long latency = System.nanoTime() - t0;
            int status = response.status();
            statuses.merge(status, 1L, Long::sum);
            if (status == 202) {
              if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
              }
              latencies[count++] = latency;
              accepted += acceptedCount(response.body());
            } else if (status == 429 || status == 503) {
              long seconds = response.retryAfterSeconds() < 0 ? 1 : response.retryAfterSeconds();
              Thread.sleep(Math.min(1000, seconds * 1000));
            }
          } catch (IOException e) {
            statuses.merge(-1, 1L, Long::sum);
            Thread.sleep(10);
          }
        }
      }
    }
  }
}
