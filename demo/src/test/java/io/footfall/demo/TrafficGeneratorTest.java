package io.footfall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-03-18T14:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<Map<String, Object>> EVENTS =
      new TrafficGenerator(42, CLOCK, BERLIN).events();

  @Test
  void sameSeedAndClockGiveTheSameEvents() {
    assertThat(new TrafficGenerator(42, CLOCK, BERLIN).events()).isEqualTo(EVENTS);
  }

  @Test
  void differentSeedsGiveDifferentEvents() {
    List<Map<String, Object>> other = new TrafficGenerator(43, CLOCK, BERLIN).events();
    Set<Object> ids = EVENTS.stream().map(e -> e.get("id")).collect(Collectors.toSet());
    assertThat(other).noneMatch(e -> ids.contains(e.get("id")));
  }

  @Test
  void aDayKeepsItsVisitsWhenTheOtherDaysChange() {
    // A period one day shorter still contains the same events on the days both periods cover.
    List<Map<String, Object>> shorter =
        new TrafficGenerator(42, CLOCK, BERLIN, 29, 29_000).events();
    Set<Object> ids = EVENTS.stream().map(e -> e.get("id")).collect(Collectors.toSet());
    assertThat(shorter.stream().filter(e -> ids.contains(e.get("id"))).count())
        .isGreaterThan(shorter.size() / 2);
  }

  @Test
  void generatesAboutTheTargetVolume() {
    assertThat(EVENTS.size())
        .isBetween(
            (int) (TrafficGenerator.DEFAULT_TARGET_EVENTS * 0.85),
            (int) (TrafficGenerator.DEFAULT_TARGET_EVENTS * 1.15));
    int small = new TrafficGenerator(7, CLOCK, BERLIN, 7, 2_000).events().size();
    assertThat(small).isBetween(1_500, 2_500);
  }

  @Test
  void everyEventPassesBasicValidation() throws Exception {
    Instant earliest = NOW.minus(Duration.ofDays(30));
    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> e : EVENTS) {
      assertThat((String) e.get("id")).isNotEmpty();
      assertThat(ids.add(e.get("id"))).as("unique id %s", e.get("id")).isTrue();
      assertThat((String) e.get("event")).isNotBlank();
      Instant at = Instant.parse((String) e.get("timestamp"));
      assertThat(at).isBetween(earliest, NOW);
      Map<String, Object> context = context(e);
      URI url = URI.create((String) context.get("url"));
      assertThat(url.getScheme()).isEqualTo("https");
      assertThat(url.getHost()).isEqualTo(TrafficGenerator.DOMAIN);
      String referrer = (String) context.get("referrer");
      if (!referrer.isEmpty()) {
        assertThat(URI.create(referrer).getHost()).isNotBlank();
      }
      assertThat((String) context.get("title")).isNotBlank();
      assertThat((String) context.get("screen")).matches("[1-9][0-9]{2,3}x[1-9][0-9]{2,3}");
      assertThat((String) context.get("locale")).matches("[a-z]{2}-[A-Z]{2}");
      assertThat((String) context.get("user_agent")).startsWith("Mozilla/5.0 (");
      InetAddress ip = InetAddress.getByName((String) context.get("ip"));
      assertThat(
              ip.isSiteLocalAddress()
                  || ip.isLoopbackAddress()
                  || ip.isLinkLocalAddress()
                  || ip.isAnyLocalAddress()
                  || ip.isMulticastAddress())
          .as("public address %s", ip)
          .isFalse();
      if (e.get("properties") instanceof Map<?, ?> properties) {
        assertThat(properties.values())
            .allMatch(v -> v instanceof String || v instanceof Number || v instanceof Boolean);
      }
    }
  }

  @Test
  void eventsAreOrderedByTimeAndSerializeAsIngestJson() throws Exception {
    assertThat(EVENTS)
        .isSortedAccordingTo(
            (a, b) ->
                Instant.parse((String) a.get("timestamp"))
                    .compareTo(Instant.parse((String) b.get("timestamp"))));
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> parsed =
        json.readValue(
            json.writeValueAsString(EVENTS.get(0)),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    assertThat(parsed).containsKeys("id", "event", "timestamp", "context");
  }

  @Test
  void popularPagesTakeMostViews() {
    Map<String, Long> views = count(pageviews(), e -> URI.create(url(e)).getPath());
    List<Long> ranked = views.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
    assertThat(ranked).hasSizeGreaterThanOrEqualTo(20);
    assertThat(ranked.get(0)).isGreaterThan(2 * ranked.get(9));
    assertThat(ranked.get(9)).isGreaterThan(ranked.get(ranked.size() - 1));
    assertThat(views.get("/")).isEqualTo(ranked.get(0));
    assertThat(views.keySet())
        .anyMatch(p -> p.startsWith("/blog/"))
        .anyMatch(p -> p.startsWith("/docs/"));
  }

  @Test
  void weekendsAreQuieterThanWeekdays() {
    Map<LocalDate, Long> perDay = count(EVENTS, e -> localTime(e).toLocalDate());
    LocalDate today = LocalDate.ofInstant(NOW, BERLIN);
    double weekend = average(perDay, d -> d.getDayOfWeek().getValue() >= 6 && d.isBefore(today));
    double weekday = average(perDay, d -> d.getDayOfWeek().getValue() <= 4 && d.isBefore(today));
    assertThat(weekend).isLessThan(weekday * 0.75);
  }

  @Test
  void nightsAreQuieterThanMornings() {
    Map<Integer, Long> perHour = count(EVENTS, e -> localTime(e).getHour());
    assertThat(perHour.getOrDefault(3, 0L) * 5).isLessThan(perHour.get(10));
    assertThat(perHour.get(14)).isGreaterThan(perHour.get(22));
  }

  @Test
  void trafficGrowsOverThePeriod() {
    LocalDate today = LocalDate.ofInstant(NOW, BERLIN);
    Map<LocalDate, Long> perDay = count(EVENTS, e -> localTime(e).toLocalDate());
    long firstWeek = sum(perDay, today.minusDays(29), today.minusDays(22));
    long lastWeek = sum(perDay, today.minusDays(7), today);
    assertThat(lastWeek).isGreaterThan(firstWeek * 11 / 10);
  }

  @Test
  void visitorsArriveThroughEveryKindOfSource() {
    Set<String> referrerHosts = new HashSet<>();
    Set<String> queries = new HashSet<>();
    long direct = 0;
    for (Map<String, Object> e : pageviews()) {
      String referrer = (String) context(e).get("referrer");
      if (referrer.isEmpty()) {
        direct++;
      } else {
        referrerHosts.add(URI.create(referrer).getHost());
      }
      String query = URI.create(url(e)).getRawQuery();
      if (query != null) {
        queries.add(query);
      }
    }
    assertThat(direct).isPositive();
    assertThat(referrerHosts)
        .contains(
            "www.google.com",
            "www.google.de",
            "www.bing.com",
            "duckduckgo.com",
            "t.co",
            "l.facebook.com",
            "www.reddit.com",
            "news.ycombinator.com",
            "github.com",
            TrafficGenerator.DOMAIN);
    assertThat(queries)
        .anyMatch(q -> q.contains("utm_source=newsletter") && q.contains("utm_medium=email"))
        .anyMatch(q -> q.contains("utm_campaign=spring_sale"))
        .anyMatch(q -> q.startsWith("gclid=") && q.contains("utm_medium=cpc"));
  }

  @Test
  void theCampaignRunsOnlyInItsWeek() {
    LocalDate today = LocalDate.ofInstant(NOW, BERLIN);
    Set<LocalDate> saleDays =
        pageviews().stream()
            .filter(e -> url(e).contains("utm_campaign=spring_sale"))
            .map(e -> localTime(e).toLocalDate())
            .collect(Collectors.toSet());
    // Visits started on the last sale day may spill past midnight.
    assertThat(saleDays)
        .allMatch(d -> !d.isBefore(today.minusDays(17)) && !d.isAfter(today.minusDays(9)));
  }

  @Test
  void conversionsCarryPlansAndRevenueFromThePriceList() {
    Set<BigDecimal> prices = new HashSet<>();
    Catalog.PRICES.values().forEach(byBilling -> prices.addAll(byBilling.values()));
    Map<String, Long> names = count(EVENTS, e -> (String) e.get("event"));
    assertThat(names)
        .containsKeys("pageview", "signup", "purchase", "outbound_link", "file_download");
    assertThat(names.get("pageview")).isGreaterThan(EVENTS.size() * 9L / 10);
    for (Map<String, Object> e : EVENTS) {
      Map<?, ?> properties = (Map<?, ?>) e.getOrDefault("properties", Map.of());
      switch ((String) e.get("event")) {
        case "signup" -> {
          assertThat(properties.get("plan")).isIn("free", "pro", "team");
          assertThat(userId(e)).startsWith("u_");
        }
        case "purchase" -> {
          Map<?, ?> revenue = (Map<?, ?>) e.get("revenue");
          assertThat(prices).contains((BigDecimal) revenue.get("amount"));
          assertThat(revenue.get("currency")).isIn("USD", "EUR", "GBP");
          assertThat(properties.get("plan")).isIn("pro", "team");
          assertThat(userId(e)).startsWith("u_");
        }
        case "outbound_link", "file_download" ->
            assertThat(URI.create((String) properties.get("url")).getScheme()).isEqualTo("https");
        default -> assertThat(e).doesNotContainKey("revenue");
      }
    }
  }

  @Test
  void everyDemoGoalIsCompletedByTheTraffic() {
    Map<String, Long> completions = new TreeMap<>();
    for (Catalog.GoalDefinition definition : Catalog.GOALS) {
      Goal goal = GoalCompletions.goal(definition);
      completions.put(
          goal.name(),
          EVENTS.stream()
              .filter(
                  e ->
                      GoalCompletions.completes(
                          goal,
                          (String) e.get("event"),
                          URI.create(url(e)).getPath(),
                          (Map<?, ?>) e.getOrDefault("properties", Map.of())))
              .count());
    }
    assertThat(completions)
        .hasSize(Catalog.GOALS.size())
        .allSatisfy((name, n) -> assertThat(n).as(name).isPositive());
    assertThat(completions.get("Pro signup")).isLessThan(completions.get("Signup"));
    long blogIndexViews =
        pageviews().stream().filter(e -> URI.create(url(e)).getPath().equals("/blog")).count();
    long blogViews =
        pageviews().stream().filter(e -> URI.create(url(e)).getPath().startsWith("/blog")).count();
    assertThat(blogIndexViews).as("/blog is viewed but is no blog post").isPositive();
    assertThat(completions.get("Read a blog post")).isEqualTo(blogViews - blogIndexViews);
  }

  @Test
  void customersComeBackOnSeveralDaysAndSomeBuyAgain() {
    Map<String, Set<LocalDate>> days = new HashMap<>();
    Map<String, Set<LocalDate>> purchaseDays = new HashMap<>();
    long signedInViews = 0;
    for (Map<String, Object> e : EVENTS) {
      if (!e.containsKey("actor")) {
        continue;
      }
      String user = userId(e);
      LocalDate day = localTime(e).toLocalDate();
      days.computeIfAbsent(user, k -> new HashSet<>()).add(day);
      if (e.get("event").equals("purchase")) {
        purchaseDays.computeIfAbsent(user, k -> new HashSet<>()).add(day);
      }
      if (e.get("event").equals("pageview")) {
        signedInViews++;
        assertThat(e)
            .as("a page view says nothing new of its person")
            .doesNotContainKey("user_properties");
      }
    }
    assertThat(signedInViews).isGreaterThan(EVENTS.size() / 50);
    long regulars = days.values().stream().filter(d -> d.size() >= 5).count();
    assertThat(regulars).as("people active on five days or more").isGreaterThanOrEqualTo(20);
    assertThat(purchaseDays.values().stream().filter(d -> d.size() >= 2).count())
        .as("people who bought on two days or more")
        .isPositive();
  }

  @Test
  void visitorsKeepTheirAddressAndBrowserWithinADay() {
    Map<String, Set<String>> browsersByAddressAndDay = new HashMap<>();
    for (Map<String, Object> e : EVENTS) {
      Map<String, Object> c = context(e);
      String key = localTime(e).toLocalDate() + " " + c.get("ip");
      browsersByAddressAndDay
          .computeIfAbsent(key, k -> new HashSet<>())
          .add(c.get("user_agent") + " " + c.get("screen") + " " + c.get("locale"));
    }
    assertThat(browsersByAddressAndDay.values()).allMatch(browsers -> browsers.size() == 1);
    // Visits have several page views, so there are far fewer visitors than events.
    assertThat(browsersByAddressAndDay.size()).isLessThan(EVENTS.size() / 2);
  }

  @Test
  void screensMatchTheDevice() {
    for (Map<String, Object> e : EVENTS) {
      Map<String, Object> c = context(e);
      String ua = (String) c.get("user_agent");
      int width = Integer.parseInt(((String) c.get("screen")).split("x")[0]);
      if (ua.contains("iPhone") || ua.contains("Android")) {
        assertThat(width).as(ua).isLessThan(500);
      } else if (ua.contains("iPad")) {
        assertThat(width).as(ua).isBetween(700, 1100);
      } else {
        assertThat(width).as(ua).isGreaterThanOrEqualTo(1280);
      }
    }
  }

  @Test
  void neverGeneratesEventsAfterTheClock() {
    // Just after midnight in the site's zone, the current day has barely begun.
    Instant justAfterMidnight = ZonedDateTime.of(2026, 3, 18, 0, 5, 0, 0, BERLIN).toInstant();
    List<Map<String, Object>> events =
        new TrafficGenerator(5, Clock.fixed(justAfterMidnight, ZoneOffset.UTC), BERLIN, 3, 3_000)
            .events();
    assertThat(events).isNotEmpty();
    assertThat(events)
        .allMatch(e -> !Instant.parse((String) e.get("timestamp")).isAfter(justAfterMidnight));
  }

  @Test
  void rejectsPeriodsAndVolumesOutOfRange() {
    assertThatThrownBy(() -> new TrafficGenerator(1, CLOCK, BERLIN, 0, 10))
        .hasMessageContaining("days must be between 1 and 400, was 0");
    assertThatThrownBy(() -> new TrafficGenerator(1, CLOCK, BERLIN, 401, 10))
        .hasMessageContaining("was 401");
    assertThatThrownBy(() -> new TrafficGenerator(1, CLOCK, BERLIN, 30, 0))
        .hasMessageContaining("targetEvents must be between 1 and 10000000, was 0");
  }

  private static List<Map<String, Object>> pageviews() {
    return EVENTS.stream().filter(e -> e.get("event").equals("pageview")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(Map<String, Object> event) {
    return (Map<String, Object>) event.get("context");
  }

  private static String url(Map<String, Object> event) {
    return (String) context(event).get("url");
  }

  private static String userId(Map<String, Object> event) {
    return (String) ((Map<?, ?>) event.get("actor")).get("user_id");
  }

  private static ZonedDateTime localTime(Map<String, Object> event) {
    return Instant.parse((String) event.get("timestamp")).atZone(BERLIN);
  }

  private static <K> Map<K, Long> count(
      List<Map<String, Object>> events, Function<Map<String, Object>, K> key) {
    return events.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static double average(
      Map<LocalDate, Long> perDay, java.util.function.Predicate<LocalDate> which) {
    return perDay.entrySet().stream()
        .filter(d -> which.test(d.getKey()))
        .mapToLong(Map.Entry::getValue)
        .average()
        .orElseThrow();
  }

  private static long sum(Map<LocalDate, Long> perDay, LocalDate from, LocalDate to) {
    return perDay.entrySet().stream()
        .filter(d -> !d.getKey().isBefore(from) && d.getKey().isBefore(to))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
