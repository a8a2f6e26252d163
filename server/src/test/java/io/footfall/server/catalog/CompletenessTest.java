package io.footfall.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.server.TestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The daily completeness check: a day whose events fall below half the median of the same weekday
 * in the four weeks before is flagged; ordinary days, and days without enough history, are not.
 */
class CompletenessTest {
  @Test
  void flagsADayThatDropsAgainstTheSameWeekdaysHistory() {
    try (TestServer server = TestServer.start()) {
      Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
      LocalDate dropped = yesterday.minusDays(2);
      Random random = new Random(2026_12_08L);
      Map<LocalDate, Integer> sent = new HashMap<>();
      List<Event> events = new ArrayList<>();
      // Five weeks of 40 to 60 events a day; the dropped day gets 10.
      for (LocalDate day = yesterday.minusDays(34);
          !day.isAfter(yesterday);
          day = day.plusDays(1)) {
        int n = day.equals(dropped) ? 10 : 40 + random.nextInt(21);
        sent.put(day, n);
        for (int i = 0; i < n; i++) {
          events.add(
              TestEvents.pageview(
                  site.id(),
                  day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(600L * i + 7),
                  random.nextLong(),
                  random.nextLong()));
        }
      }
      server.server().store().write(new WriteBatch(events, List.of()));

      JsonNode checks =
          server
              .get("/api/admin/sites/" + site.id() + "/data-quality?days=7", admin)
              .json()
              .get("completeness");
      assertThat(checks).hasSize(7);
      for (JsonNode c : checks) {
        LocalDate day = LocalDate.parse(c.get("day").asText());
        assertThat(c.get("events").asInt()).as(day.toString()).isEqualTo(sent.get(day));
        assertThat(c.get("dropped").asBoolean()).as(day.toString()).isEqualTo(day.equals(dropped));
        assertThat(c.get("expected").asInt()).as(day.toString()).isBetween(40, 60);
      }
    }
  }
}
