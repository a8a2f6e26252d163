package io.footfall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.server.TestServer;
import io.footfall.server.goals.GoalService;
import io.footfall.server.sites.SiteService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo load through the real server's HTTP API into the real embedded store. */
class DemoLoaderIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

      // The goals the dashboard shows conversions for, as the query engine reads them.
      List<Goal> goals =
          server
              .server()
              .metadata()
              .goals()
              .list(SiteService.DEFAULT_ORGANIZATION_ID, summary.siteId());
      assertThat(goals)
          .extracting(Goal::name)
          .containsExactlyElementsOf(summary.goals())
          .containsExactlyElementsOf(summary.goalsCreated());
      assertThat(goals)
          .extracting(
              g ->
                  List.of(
                      GoalService.type(g.kind()),
                      g.pathPattern(),
                      g.eventName(),
                      g.propertyKey(),
                      g.propertyValue()))
          .containsExactlyElementsOf(
              Catalog.GOALS.stream()
                  .map(
                      d ->
                          List.of(
                              d.type(),
                              d.path(),
                              d.eventName(),
                              d.propertyKey(),
                              d.propertyValue()))
                  .toList());
      // The most frequent conversions are certain even in a small load.
      for (String name : List.of("Signup", "Visited pricing", "Read the docs")) {
        Goal goal = goals.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
        assertThat(stored)
            .as(name)
            .anyMatch(
                e ->
                    GoalCompletions.completes(
                        goal, e.name(), e.page().pathname(), properties(e.propertiesJson())));
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
      assertThat(second.goalsCreated()).isEmpty();
      assertThat(
              server
                  .server()
                  .metadata()
                  .goals()
                  .list(SiteService.DEFAULT_ORGANIZATION_ID, first.siteId()))
          .hasSize(Catalog.GOALS.size());
      assertThat(second.accepted()).isZero();
      assertThat(second.duplicates()).isEqualTo(first.sent());
      assertThat(server.counts(first.siteId()).events()).isEqualTo(first.sent());
    }
  }

  private static Map<?, ?> properties(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> values(
      List<Event> events, java.util.function.Function<Event, String> field) {
    return events.stream().map(field).collect(Collectors.toSet());
  }
}
