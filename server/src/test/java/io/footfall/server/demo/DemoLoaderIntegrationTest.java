package io.footfall.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.server.TestServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo load through the real server's HTTP API into the real embedded store. */
class DemoLoaderIntegrationTest {

  @Test
  void loadsThirtyDaysOfTrafficThatTheServerStoresWhole() {
    Clock clock = Clock.system(ZoneId.of("Europe/Berlin"));
    try (TestServer server = TestServer.start()) {
      DemoLoader loader = new DemoLoader(URI.create(server.baseUrl()), server.adminToken(), clock);

      DemoLoader.Summary summary = loader.load(4_000);

      assertThat(summary.rejections()).isEmpty();
      assertThat(summary.accepted()).isEqualTo(summary.sent());
      EventStore.SiteCounts counts = server.counts(summary.siteId());
      assertThat(counts.events()).isEqualTo(summary.sent());
      assertThat(counts.botsFiltered()).isZero();
      assertThat(counts.visitors()).isBetween(counts.events() / 6, counts.events() / 2);
      assertThat(counts.sessions()).isGreaterThanOrEqualTo(counts.visitors());

      List<Event> stored = server.events(summary.siteId());
      Duration span =
          Duration.between(stored.get(0).timestamp(), stored.get(stored.size() - 1).timestamp());
      assertThat(span).isGreaterThan(Duration.ofDays(28));
      assertThat(values(stored, e -> e.client().device())).contains("desktop", "mobile", "tablet");
      assertThat(values(stored, e -> e.client().browser()))
          .contains("Chrome", "Firefox", "Safari", "Edge");
      assertThat(values(stored, e -> e.page().utm().campaign())).contains("spring_sale");
      assertThat(values(stored, e -> e.page().clickId())).contains("gclid");
      assertThat(stored).anyMatch(e -> e.revenue().present());
      // Stored addresses are truncated networks, never the generated host addresses.
      assertThat(stored).allMatch(e -> e.client().network().matches(".*/(24|48)|"));
      if (stored.stream().anyMatch(e -> !e.client().country().isEmpty())) {
        assertThat(values(stored, e -> e.client().country())).contains("US", "DE", "GB", "JP");
      }
    }
  }

  @Test
  void loadingAgainTheSameDayReusesTheSiteAndAddsNothing() {
    Clock clock = Clock.systemUTC();
    try (TestServer server = TestServer.start()) {
      DemoLoader loader = new DemoLoader(URI.create(server.baseUrl()), server.adminToken(), clock);

      DemoLoader.Summary first = loader.load(1_000);
      DemoLoader.Summary second = loader.load(1_000);

      assertThat(second.siteId()).isEqualTo(first.siteId());
      assertThat(second.accepted()).isZero();
      assertThat(second.duplicates()).isEqualTo(first.sent());
      assertThat(server.counts(first.siteId()).events()).isEqualTo(first.sent());
    }
  }

  private static Set<String> values(
      List<Event> events, java.util.function.Function<Event, String> field) {
    return events.stream().map(field).collect(Collectors.toSet());
  }
}
