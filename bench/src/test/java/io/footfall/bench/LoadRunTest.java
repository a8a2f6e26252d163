package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadRunTest {
  private HttpServer server;
  private final AtomicInteger received = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/track",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          int n = received.incrementAndGet();
          // Every tenth request is shed, as an overloaded collector would.
          boolean shed = n % 10 == 0;
          byte[] body =
              (shed ? "{\"error\":{}}" : "{\"accepted\": 3,\"duplicates\":0,\"rejected\":[]}")
                  .getBytes(StandardCharsets.UTF_8);
          if (shed) {
            exchange.getResponseHeaders().add("Retry-After", "0");
          }
          exchange.sendResponseHeaders(shed ? 503 : 202, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void stopsAtTheRequestLimitAndTalliesAnswers() {
    LoadRun.Result result =
        LoadRun.run(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/track"),
            "token",
            () -> "{}".getBytes(StandardCharsets.UTF_8),
            4,
            Duration.ofSeconds(30),
            200);

    assertThat(result.requests()).isEqualTo(200);
    assertThat(received.get()).isEqualTo(200);
    assertThat(result.statuses()).containsEntry(202, 180L).containsEntry(503, 20L);
    assertThat(result.non202()).isEqualTo(20);
    assertThat(result.acceptedEvents()).isEqualTo(180 * 3);
    assertThat(result.latencies202()).hasSize(180).isSorted();
    assertThat(result.latencyMillis(99)).isGreaterThanOrEqualTo(result.latencyMillis(50));
  }

  @Test
  void stopsAtTheTimeLimit() {
    LoadRun.Result result =
        LoadRun.run(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/track"),
            "token",
            () -> "{}".getBytes(StandardCharsets.UTF_8),
            2,
            Duration.ofMillis(300),
            Long.MAX_VALUE);

    assertThat(result.elapsedNanos()).isBetween(300_000_000L, 10_000_000_000L);
    assertThat(result.requests()).isPositive();
  }

  @Test
  void readsTheAcceptedCount() {
    assertThat(LoadRun.acceptedCount(bytes("{\"accepted\":100,\"duplicates\":0}"))).isEqualTo(100);
    assertThat(LoadRun.acceptedCount(bytes("{ \"accepted\" : 7 }"))).isEqualTo(7);
    assertThat(LoadRun.acceptedCount(bytes("{\"duplicates\":1}"))).isZero();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
