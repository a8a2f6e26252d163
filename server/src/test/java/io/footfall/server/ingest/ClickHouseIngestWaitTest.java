package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On ClickHouse the writer holds a group back while requests are on their way to it, up to {@code
 * FOOTFALL_CLICKHOUSE_INSERT_WAIT} (10 s here). A request stops being on its way once it has handed
 * over its events, and also when it ends without any (refused, unreadable, only counted): otherwise
 * every later insert would wait the whole 10 s for it.
 */
class ClickHouseIngestWaitTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  TestServer server;
  TestServer.SiteKeys site;

  @BeforeEach
  void start() {
    server =
        TestServer.onClickHouse(
            clickhouse, c -> c.storeSetting("FOOTFALL_CLICKHOUSE_INSERT_WAIT", "10s"));
    site = server.createSite("Wait", "shop.example", "UTC");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TestServer.Response track(String body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.putIfAbsent("User-Agent", IngestHttpTest.BROWSER);
    headers.putIfAbsent("X-Footfall-Site", site.writeKey());
    return server.post("/api/track", body, headers);
  }

  @Test
  void requestsThatHandOverNoEventsDoNotHoldBackTheNextInsert() {
    String event = IngestHttpTest.pageview("/x").toString();
    assertThat(track(event, Map.of("X-Footfall-Site", "no-such-key")).status()).isEqualTo(401);
    assertThat(track("{\"event\":", Map.of()).status()).isEqualTo(400);
    ObjectNode old = IngestHttpTest.pageview("/old");
    old.put("timestamp", Instant.now().minus(Duration.ofDays(30)).toString());
    assertThat(track(old.toString(), Map.of()).status()).as("refused, and counted").isEqualTo(400);
    assertThat(track(event, Map.of("User-Agent", "curl/8.5.0")).status())
        .as("a bot: counted only")
        .isEqualTo(202);

    long t0 = System.nanoTime();
    TestServer.Response r = track(IngestHttpTest.pageview("/after").toString(), Map.of());
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(took)
        .as("not held back for requests that are over")
        .isLessThan(Duration.ofSeconds(5));
    var counts = server.counts(site.id());
    assertThat(counts.events()).isEqualTo(1);
    assertThat(counts.botsFiltered()).isEqualTo(1);
    assertThat(counts.rejected()).isEqualTo(1);
  }
}
