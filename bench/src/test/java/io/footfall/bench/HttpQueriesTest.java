package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpQueriesTest {
  HttpServer server;
  HttpQueries client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean ok = exchange.getRequestURI().getPath().equals("/ok");
          byte[] body =
              (ok ? "{\"results\":[]}" : "{\"error\":{}}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(ok ? 200 : 500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    client =
        new HttpQueries(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            "token",
            Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  @Test
  void recordsFailedRequestsAndGoesOn() {
    StatsRequest ok = new StatsRequest("ok", "/ok", "", "GET /ok");
    StatsRequest broken = new StatsRequest("broken", "/broken", "", "GET /broken");

    ConcurrentRun run = client.sendTogether(List.of(ok, broken, ok));

    assertThat(run.complete()).isFalse();
    assertThat(run.eachNanos()[0]).isPositive();
    assertThat(run.eachNanos()[1]).isEqualTo(ConcurrentRun.FAILED);
    assertThat(client.sendOrRecord(broken)).isEqualTo(ConcurrentRun.FAILED);
    assertThat(client.failures()).containsOnlyKeys("broken");
    assertThat(client.failures().get("broken"))
        .hasSize(2)
        .allSatisfy(why -> assertThat(why).contains("answered 500"));
    assertThat(client.send(ok).body()).isEqualTo("{\"results\":[]}");
    assertThatThrownBy(() -> client.send(broken)).isInstanceOf(BenchException.class);
  }
}
