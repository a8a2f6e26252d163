package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.ActiveUsersOracle;
import io.footfall.core.people.PersonUpdate;
import io.footfall.server.TestServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The active-users report over real HTTP: generated people and visitors written to the store, each
 * answer checked against {@link ActiveUsersOracle} (numbers, ratios, unit, days clipped to today);
 * bad input refused naming the field and the limit. On the embedded store here; {@code
 * ClickHouseActiveUsersApiTest} runs the same on ClickHouse.
 */
class ActiveUsersApiTest {
  static final Instant NOW = Instant.parse("2026-04-15T10:00:00Z");
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  TestServer server;
  TestServer.SiteKeys site;
  final ActiveUsersOracle oracle = new ActiveUsersOracle();

  TestServer startServer(Clock clock) {
    return TestServer.start(clock);
  }

  @BeforeEach
  void start() {
    server = startServer(Clock.fixed(NOW, ZoneOffset.UTC));
    site = server.createSite("Active", "active.example", ZONE.getId());
    Random random = new Random(7_2026L);
    List<Event> events = new ArrayList<>();
    List<PersonUpdate> updates = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Instant at = NOW.minusSeconds(random.nextInt(80 * 86_400));
      long visitor = 1L + random.nextInt(60);
      String user = random.nextInt(2) == 0 ? "u" + random.nextInt(30) : "";
      String id = "e" + i;
      events.add(
          TestEvents.withUser(TestEvents.event(site.id(), id, "pageview", at, visitor, 1), user));
      if (random.nextInt(15) == 0) {
        updates.add(
            new PersonUpdate(site.id(), "u" + random.nextInt(30), at, id, visitor, List.of()));
      }
    }
    // Another site's events never count.
    events.add(
        TestEvents.withUser(
            TestEvents.event("elsewhere", "x1", "pageview", NOW.minusSeconds(3_600), 1, 1), "u1"));
    server.server().store().write(new WriteBatch(events, List.of(), updates));
    oracle.written(events, updates);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response ask(String body) {
    return server.post(
        "/api/active-users", body, Map.of("Authorization", "Bearer " + server.adminToken()));
  }

  private JsonNode answer(String body) {
    TestServer.Response r = ask(body);
    assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(200);
    return r.json();
  }

  private void assertMatchesOracle(JsonNode json, ActiveUsers.Query q) {
    ActiveUsers.Report expected = oracle.activeUsers(q);
    assertThat(json.get("unit").asText())
        .isEqualTo(q.unit().name().toLowerCase(java.util.Locale.ROOT));
    assertThat(json.get("time_zone").asText()).isEqualTo(ZONE.getId());
    assertThat(json.get("date_range").get(0).asText()).isEqualTo(q.first().toString());
    assertThat(json.get("date_range").get(1).asText()).isEqualTo(q.last().toString());
    JsonNode results = json.get("results");
    assertThat(results).hasSize(expected.buckets().size());
    for (int k = 0; k < results.size(); k++) {
      JsonNode n = results.get(k);
      ActiveUsers.Bucket b = expected.buckets().get(k);
      assertThat(n.get("date").asText()).isEqualTo(b.start().toString());
      assertThat(n.get("active").asLong()).as("active %s", b.start()).isEqualTo(b.active());
      assertThat(n.get("wau").asLong()).isEqualTo(b.wau());
      assertThat(n.get("mau").asLong()).isEqualTo(b.mau());
      assertThat(n.get("new").asLong()).isEqualTo(b.newPeople());
      assertThat(n.get("returning").asLong()).isEqualTo(b.active() - b.newPeople());
      assertThat(n.get("lifecycle").get("returning").asLong()).isEqualTo(b.retained());
      assertThat(n.get("lifecycle").get("resurrecting").asLong())
          .isEqualTo(b.active() - b.newPeople() - b.retained());
      assertThat(n.get("lifecycle").get("dormant").asLong()).isEqualTo(b.dormant());
      assertThat(n.get("returned_within_30d").asLong()).isEqualTo(b.returnedWithin30());
      BigDecimal dau =
          BigDecimal.valueOf(b.activeDays())
              .divide(BigDecimal.valueOf(b.days()), 2, RoundingMode.HALF_UP);
      assertThat(n.get("dau").decimalValue()).isEqualByComparingTo(dau);
      if (b.mau() == 0) {
        assertThat(n.get("stickiness").isNull()).isTrue();
      } else {
        assertThat(n.get("stickiness").decimalValue())
            .isEqualByComparingTo(
                BigDecimal.valueOf(b.activeDays())
                    .divide(BigDecimal.valueOf(b.days() * b.mau()), 4, RoundingMode.HALF_UP));
      }
      if (b.newPeople() == 0) {
        assertThat(n.get("return_rate").isNull()).isTrue();
      } else {
        assertThat(n.get("return_rate").decimalValue())
            .isEqualByComparingTo(
                BigDecimal.valueOf(b.returnedWithin30())
                    .divide(BigDecimal.valueOf(b.newPeople()), 4, RoundingMode.HALF_UP));
      }
      assertThat(n.get("return_complete").asBoolean())
          .isEqualTo(b.to().plusDays(30).isBefore(LocalDate.ofInstant(NOW, ZONE)));
    }
  }

  @Test
  void answersEveryIntervalAndUnitAsTheDefinitionsSay() {
    LocalDate today = LocalDate.ofInstant(NOW, ZONE);
    for (String interval : List.of("day", "week", "month")) {
      for (String unit : List.of("person", "visitor")) {
        JsonNode json =
            answer(
                "{\"site_id\":\""
                    + site.id()
                    + "\",\"date_range\":[\"2026-02-20\",\"2026-04-30\"],\"interval\":\""
                    + interval
                    + "\",\"unit\":\""
                    + unit
                    + "\"}");
        assertThat(json.get("interval").asText()).isEqualTo(interval);
        // Days after today are not listed.
        assertMatchesOracle(
            json,
            new ActiveUsers.Query(
                site.id(),
                LocalDate.parse("2026-02-20"),
                today,
                ZONE,
                ActiveUsers.Period.valueOf(interval.toUpperCase(java.util.Locale.ROOT)),
                ActiveUsers.Unit.valueOf(unit.toUpperCase(java.util.Locale.ROOT))));
      }
    }
    // The defaults: by day, people; a named range.
    JsonNode json = answer("{\"site_id\":\"" + site.id() + "\",\"date_range\":\"7d\"}");
    assertThat(json.get("unit").asText()).isEqualTo("person");
    assertThat(json.get("results")).hasSize(7);
    assertMatchesOracle(
        json,
        new ActiveUsers.Query(
            site.id(),
            LocalDate.parse(json.get("date_range").get(0).asText()),
            LocalDate.parse(json.get("date_range").get(1).asText()),
            ZONE,
            ActiveUsers.Period.DAY,
            ActiveUsers.Unit.PERSON));
    assertThat(json.get("results").findValues("active").stream().mapToLong(JsonNode::asLong).sum())
        .as("the generated data has activity in the last week")
        .isPositive();
  }

  @Test
  void refusesBadInputNamingTheFieldAndTheLimit() {
    String s = "\"site_id\":\"" + site.id() + "\"";
    assertRefused("{" + s + ",\"date_range\":\"7d\",\"colour\":1}", "colour", "unknown field");
    assertRefused("{" + s + ",\"date_range\":\"7d\",\"interval\":\"hour\"}", "interval", "day");
    assertRefused("{" + s + ",\"date_range\":\"7d\",\"unit\":\"session\"}", "unit", "visitor");
    assertRefused("{" + s + "}", "date_range", "required");
    assertRefused("{\"date_range\":\"7d\"}", "site_id", "required");
    assertRefused(
        "{" + s + ",\"date_range\":[\"2022-01-01\",\"2026-01-01\"],\"interval\":\"month\"}",
        "date_range",
        "732");
    assertRefused(
        "{" + s + ",\"date_range\":[\"2025-01-01\",\"2026-03-01\"],\"interval\":\"day\"}",
        "interval",
        "367");
    TestServer.Response other = ask("{\"site_id\":\"no-such-site\",\"date_range\":\"7d\"}");
    assertThat(other.status()).isEqualTo(404);
  }

  private void assertRefused(String body, String field, String says) {
    TestServer.Response r = ask(body);
    assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
    assertThat(r.json().get("error").get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(r.body()).contains(says);
  }
}
