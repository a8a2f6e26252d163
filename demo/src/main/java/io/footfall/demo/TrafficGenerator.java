package io.footfall.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Synthetic but realistic traffic for the demo site, as events in the ingest API's JSON shape.
 *
 * <p>The traffic covers the {@code days} calendar days (in the site's time zone) that end with the
 * clock's current day, never later than the clock's instant. Daily volume follows a weekday rhythm
 * (weekends are quieter), an hour-of-day curve in the site's zone and a slow growth trend over the
 * period. Pages are drawn with Zipf weights; visits arrive directly, from search engines, social
 * sites, other sites, the newsletter, a campaign ({@code spring_sale}, running 10 to 17 days before
 * the end) and paid search ({@code gclid}). Visitors come from fourteen countries (with public
 * addresses of those countries' access networks), on desktop browsers, phones and tablets (real
 * user-agent strings and matching screens); a visitor keeps one address and one browser within a
 * day and some return the same day. Visits have one to fifteen page views seconds to minutes apart;
 * some sign up ({@code signup} with property {@code plan}), some buy ({@code purchase} with {@code
 * revenue}), some follow an outbound link ({@code outbound_link}) or download a file ({@code
 * file_download}). Signed-in customers come back over weeks: each has a plan, a first and a last
 * day and a daily habit, and their visits (pages of the docs, the changelog, pricing; now and then
 * a renewal) carry their user id, so the people reports have people who return, lapse and buy
 * again.
 *
 * <p>Each event is a map ready for Jackson: {@code id} (a UUID), {@code event}, {@code timestamp}
 * (ISO-8601, UTC, milliseconds), optional {@code actor.user_id} (with {@code user_properties}:
 * plan, billing, customer, signup plan), {@code context} with {@code url}, {@code referrer}, {@code
 * title}, {@code screen}, {@code locale}, {@code ip} and {@code user_agent}, optional {@code
 * properties} and {@code revenue} ({@code amount}, {@code currency}). {@code context.ip} and {@code
 * context.user_agent} are honoured by the collector only for requests with the admin token, which
 * is how {@link DemoLoader} sends them.
 *
 * <p>Output is a function of the seed, the clock's instant, the zone, the days and the target: the
 * same inputs give the same events, ids included. Each day draws from its own random stream seeded
 * by the seed and the date, so the same date yields the same visits in the same order whatever the
 * other days are.
 */
public final class TrafficGenerator {

  /** The period generated unless told otherwise. */
  public static final int DEFAULT_DAYS = 30;

  /** Events generated unless told otherwise: loads into the embedded store in a few seconds. */
  public static final int DEFAULT_TARGET_EVENTS = 30_000;

  /** The demo site's domain: every page URL is on it. */
  public static final String DOMAIN = Catalog.HOST;

  /** Page views and other events per visit, measured on the model; used to size daily volume. */
  static final double EVENTS_PER_VISIT = 2.72;

  static final int MAX_PAGEVIEWS = 15;

  /** Relative traffic per local hour 0–23: quiet nights, a morning peak, an evening bump. */
  private static final double[] HOURS = {
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 6.0, 6.8, 6.5, 5.8, 6.0, 6.4, 6.2, 5.6, 4.8, 4.0,
    4.2, 4.4, 3.8, 2.8, 1.8
  };

  private static final Weighted<Integer> HOUR_OF_DAY;

  static {
    Weighted.Builder<Integer> b = Weighted.builder();
    for (int h = 0; h < HOURS.length; h++) {
      b.add(HOURS[h], h);
    }
    HOUR_OF_DAY = b.build();
  }

  private final long seed;
  private final Clock clock;
  private final ZoneId zone;
  private final int days;
  private final int targetEvents;

  /**
   * @param seed selects the traffic; the same seed gives the same events
   * @param clock its instant is the end of the generated period
   * @param zone the site's time zone: days, weekdays and hours are counted in it
   * @param days the number of calendar days, 1 to 400 (the collector's backfill limit)
   * @param targetEvents about how many events to generate in total, 1 to 10,000,000; the result is
   *     within a few percent of it on average, less when the current day has just begun
   */
  public TrafficGenerator(long seed, Clock clock, ZoneId zone, int days, int targetEvents) {
    this.seed = seed;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
    if (days < 1 || days > 400) {
      throw new IllegalArgumentException("days must be between 1 and 400, was " + days);
    }
    if (targetEvents < 1 || targetEvents > 10_000_000) {
      throw new IllegalArgumentException(
          "targetEvents must be between 1 and 10000000, was " + targetEvents);
    }
    this.days = days;
    this.targetEvents = targetEvents;
  }

  /** Thirty days of {@link #DEFAULT_TARGET_EVENTS} events. */
  public TrafficGenerator(long seed, Clock clock, ZoneId zone) {
    this(seed, clock, zone, DEFAULT_DAYS, DEFAULT_TARGET_EVENTS);
  }

  /**
   * Generates the events, oldest first (ties broken by id). Every timestamp lies in the {@code days
   * × 24} hours before the clock's instant. Returns an unmodifiable list of unmodifiable maps, each
   * made when it is read: the demo is loaded inside the server's own heap (192 MiB by default),
   * where 30,000 events' maps held at once took a third of it.
   */
  public List<Map<String, Object>> events() {
    Instant now = clock.instant();
    Instant earliest = now.minus(Duration.ofDays(days));
    LocalDate today = LocalDate.ofInstant(now, zone);
    double[] factors = new double[days];
    double sum = 0;
    for (int i = 0; i < days; i++) {
      LocalDate date = today.minusDays(days - 1L - i);
      factors[i] = weekday(date.getDayOfWeek()) * growth(i);
      sum += factors[i] * (i == days - 1 ? shareOfDayBefore(now) : 1.0);
    }
    double visitsPerUnit = targetEvents / (EVENTS_PER_VISIT * sum);

    List<Event> events = new ArrayList<>();
    List<Customer> customers = customers(today);
    for (int i = 0; i < days; i++) {
      LocalDate date = today.minusDays(days - 1L - i);
      long daysBeforeToday = days - 1L - i;
      boolean saleRunning = daysBeforeToday >= 10 && daysBeforeToday <= 17;
      Day day = new Day(date, random(date), saleRunning);
      day.generate(visitsPerUnit * factors[i], events);
      day.customers(customers, events);
    }
    events.removeIf(e -> e.at.isAfter(now) || e.at.isBefore(earliest));
    events.sort(Comparator.comparing((Event e) -> e.at).thenComparing(e -> e.id));
    List<Event> sorted = List.copyOf(events);
    return new AbstractList<>() {
      @Override
      public Map<String, Object> get(int index) {
        return sorted.get(index).toJson();
      }

      @Override
      public int size() {
        return sorted.size();
      }
    };
  }

  /**
   * A signed-in customer: their user id and plan, the local days they use the product (joined up to
   * 60 days before today, gone 1 to 17 weeks later, perhaps after today) and the chance of a visit
   * on each of those days.
   */
  private record Customer(
      String userId, String plan, LocalDate from, LocalDate until, double daily) {}

  /**
   * The customers, one for every 200 events of the target (at least 10): drawn from the seed and
   * today alone, so a day's visits still depend only on its date.
   */
  private List<Customer> customers(LocalDate today) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEE_CE66_DL);
    List<Customer> out = new ArrayList<>();
    for (int i = 0; i < Math.max(10, targetEvents / 200); i++) {
      LocalDate from = today.minusDays(r.nextInt(60));
      String plan = r.nextInt(100) < 55 ? "free" : r.nextInt(4) == 0 ? "team" : "pro";
      out.add(
          new Customer(
              "u_" + Long.toHexString(r.nextLong() & 0xFFFF_FFFFL),
              plan,
              from,
              from.plusWeeks(1 + r.nextInt(17)),
              0.04 + 0.36 * r.nextDouble() * r.nextDouble()));
    }
    return out;
  }

  private SplittableRandom random(LocalDate date) {
    return new SplittableRandom(
        new SplittableRandom(seed ^ (date.toEpochDay() * 0x9E3779B97F4A7C15L)).nextLong());
  }

  /** Weekend visitors are about 40% fewer; Friday tails off. */
  private static double weekday(DayOfWeek day) {
    return switch (day) {
      case MONDAY -> 1.0;
      case TUESDAY -> 1.06;
      case WEDNESDAY -> 1.04;
      case THURSDAY -> 1.0;
      case FRIDAY -> 0.9;
      case SATURDAY -> 0.55;
      case SUNDAY -> 0.6;
    };
  }

  /** Traffic grows linearly from 72% to 100% over the period. */
  private double growth(int dayIndex) {
    return days == 1 ? 1.0 : 0.72 + 0.28 * dayIndex / (days - 1);
  }

  /** The share of a day's traffic that falls before the instant's local time. */
  private double shareOfDayBefore(Instant now) {
    LocalTime time = LocalTime.ofInstant(now, zone);
    double total = 0;
    double before = 0;
    for (int h = 0; h < HOURS.length; h++) {
      total += HOURS[h];
      if (h < time.getHour()) {
        before += HOURS[h];
      } else if (h == time.getHour()) {
        before += HOURS[h] * time.getMinute() / 60.0;
      }
    }
    return before / total;
  }

  /** One generated event before it becomes JSON. */
  private record Event(
      String id,
      String name,
      Instant at,
      Visitor visitor,
      String url,
      String referrer,
      String title,
      String userId,
      Map<String, Object> properties,
      BigDecimal amount) {

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("event", name);
      json.put("timestamp", at.toString());
      if (!userId.isEmpty()) {
        json.put("actor", Map.of("user_id", userId));
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("url", url);
      context.put("referrer", referrer);
      context.put("title", title);
      context.put("screen", visitor.screen);
      context.put("locale", visitor.locale);
      context.put("ip", visitor.ip);
      context.put("user_agent", visitor.device.userAgent());
      json.put("context", Collections.unmodifiableMap(context));
      if (!properties.isEmpty()) {
        // Sorted, so that the serialized form is the same in every run (Map.of's order is not).
        json.put("properties", Collections.unmodifiableMap(new TreeMap<>(properties)));
      }
      if (!userId.isEmpty() && (name.equals("signup") || name.equals("purchase"))) {
        // What the shop's backend knows of the person: their plan and billing, whether they pay,
        // and (once) the plan they signed up with.
        Map<String, Object> set = new TreeMap<>(properties);
        Map<String, Object> person = new LinkedHashMap<>();
        if (name.equals("purchase")) {
          set.put("customer", true);
        } else {
          person.put("$set_once", Map.of("signup_plan", properties.getOrDefault("plan", "")));
        }
        person.put("$set", Collections.unmodifiableMap(set));
        json.put("user_properties", Collections.unmodifiableMap(person));
      }
      if (amount.signum() != 0) {
        Map<String, Object> revenue = new LinkedHashMap<>();
        revenue.put("amount", amount);
        revenue.put("currency", visitor.country.currency());
        json.put("revenue", Collections.unmodifiableMap(revenue));
      }
      return Collections.unmodifiableMap(json);
    }
  }

  /** A person on one device for one day. */
  private record Visitor(
      Audience.Country country, Audience.Device device, String ip, String screen, String locale) {}

  /** The visits of one calendar day, drawn from the day's own random stream. */
  private final class Day {
    private final LocalDate date;
    private final SplittableRandom random;
    private final boolean saleRunning;
    private final List<Visitor> seen = new ArrayList<>();

    Day(LocalDate date, SplittableRandom random, boolean saleRunning) {
      this.date = date;
      this.random = random;
      this.saleRunning = saleRunning;
    }

    void generate(double expectedVisits, List<Event> out) {
      // Day-to-day noise of about ±8%, so the weekly pattern is visible but not mechanical.
      double noise = Math.exp(random.nextGaussian() * 0.08);
      long visits = Math.round(expectedVisits * noise);
      for (long v = 0; v < visits; v++) {
        Visitor visitor;
        if (!seen.isEmpty() && random.nextInt(100) < 12) {
          visitor = seen.get(random.nextInt(seen.size()));
        } else {
          visitor = newVisitor();
          seen.add(visitor);
        }
        LocalTime time =
            LocalTime.of(
                HOUR_OF_DAY.pick(random),
                random.nextInt(60),
                random.nextInt(60),
                random.nextInt(1000) * 1_000_000);
        visit(visitor, ZonedDateTime.of(date, time, zone).toInstant(), out);
      }
    }

    /**
     * The visits of the customers who use the product on this day; on the day a customer joined,
     * the visit starts with their sign-up, so that retention and cohorts of sign-ups see them come
     * back on later days.
     */
    void customers(List<Customer> customers, List<Event> out) {
      for (Customer c : customers) {
        boolean joining = date.equals(c.from());
        if (date.isBefore(c.from())
            || date.isAfter(c.until())
            || (!joining && random.nextDouble() >= c.daily())) {
          continue;
        }
        Visitor visitor = newVisitor();
        LocalTime time =
            LocalTime.of(HOUR_OF_DAY.pick(random), random.nextInt(60), random.nextInt(60));
        Instant t = ZonedDateTime.of(date, time, zone).toInstant();
        if (joining) {
          out.add(
              event(
                  "signup",
                  t,
                  visitor,
                  Catalog.SIGNUP.url(),
                  "",
                  Catalog.SIGNUP,
                  c.userId(),
                  Map.of("plan", c.plan()),
                  BigDecimal.ZERO));
          t = t.plus(dwell());
        }
        Catalog.Page page =
            switch (random.nextInt(4)) {
              case 0 -> Catalog.CHANGELOG;
              case 1 -> Catalog.PRICING;
              default -> Catalog.DOCS.pick(random);
            };
        String referrer = "";
        int pages = 1 + random.nextInt(4);
        for (int n = 0; n < pages; n++) {
          if (n > 0) {
            referrer = page.url();
            page = next(page);
          }
          out.add(
              event(
                  "pageview",
                  t,
                  visitor,
                  page.url(),
                  referrer,
                  page,
                  c.userId(),
                  Map.of(),
                  BigDecimal.ZERO));
          t = t.plus(dwell());
        }
        if (!c.plan().equals("free") && random.nextInt(100) < 6) {
          purchase(visitor, t, page.url(), referrer, page, c.userId(), c.plan(), out);
        }
      }
    }

    private Visitor newVisitor() {
      Audience.Country country = Audience.COUNTRIES.pick(random);
      Audience.Device device = Audience.DEVICES.pick(random);
      Audience.Cidr range = country.ranges().get(random.nextInt(country.ranges().size()));
      return new Visitor(
          country,
          device,
          range.randomHost(random).getHostAddress(),
          device.screens().pick(random),
          country.locales().pick(random));
    }

    private void visit(Visitor visitor, Instant start, List<Event> out) {
      Acquisition.Arrival arrival = Acquisition.draw(random, visitor.country, saleRunning);
      int pageviews = pageviews();
      Instant t = start;
      Catalog.Page page = landing(arrival.kind());
      String referrer = arrival.referrer();
      String url = arrival.query().isEmpty() ? page.url() : page.url() + "?" + arrival.query();
      boolean bought = false;
      for (int n = 0; n < pageviews; n++) {
        if (n > 0) {
          referrer = url;
          page = next(page);
          url = page.url();
        }
        out.add(event("pageview", t, visitor, url, referrer, page, "", Map.of(), BigDecimal.ZERO));
        Duration dwell = dwell();
        Instant during =
            t.plusMillis((long) (dwell.toMillis() * (0.2 + 0.7 * random.nextDouble())));
        if (page.equals(Catalog.SIGNUP) && random.nextInt(100) < 30) {
          // A new account: the visitor moves on into the product, which this site does not track.
          String plan = Catalog.SIGNUP_PLANS.pick(random);
          String userId = userId();
          out.add(
              event(
                  "signup",
                  during,
                  visitor,
                  url,
                  referrer,
                  page,
                  userId,
                  Map.of("plan", plan),
                  BigDecimal.ZERO));
          if (!plan.equals("free") && random.nextInt(100) < 45) {
            purchase(
                visitor,
                during.plusSeconds(60 + random.nextInt(300)),
                url,
                referrer,
                page,
                userId,
                plan,
                out);
          }
          return;
        }
        if (page.equals(Catalog.PRICING) && !bought && random.nextInt(1000) < 25) {
          // An existing customer upgrading or renewing from the pricing page.
          purchase(
              visitor,
              during,
              url,
              referrer,
              page,
              userId(),
              random.nextInt(4) == 0 ? "team" : "pro",
              out);
          bought = true;
        } else if ((page.isBlogPost() || page.isDocs() || page.path().equals("/integrations"))
            && random.nextInt(100) < 6) {
          out.add(
              event(
                  "outbound_link",
                  during,
                  visitor,
                  url,
                  referrer,
                  page,
                  "",
                  Map.of("url", Catalog.OUTBOUND_LINKS.pick(random)),
                  BigDecimal.ZERO));
        } else if ((page.isDocs() || page.path().equals("/security")) && random.nextInt(100) < 5) {
          out.add(
              event(
                  "file_download",
                  during,
                  visitor,
                  url,
                  referrer,
                  page,
                  "",
                  Map.of("url", Catalog.DOWNLOADS.pick(random)),
                  BigDecimal.ZERO));
        }
        t = t.plus(dwell);
      }
    }

    private void purchase(
        Visitor visitor,
        Instant at,
        String url,
        String referrer,
        Catalog.Page page,
        String userId,
        String plan,
        List<Event> out) {
      String billing = Catalog.BILLING.pick(random);
      out.add(
          event(
              "purchase",
              at,
              visitor,
              url,
              referrer,
              page,
              userId,
              Map.of("plan", plan, "billing", billing),
              Catalog.PRICES.get(plan).get(billing)));
    }

    /** 42% of visits bounce; the rest see two or more pages, geometrically fewer, at most 15. */
    private int pageviews() {
      if (random.nextInt(100) < 42) {
        return 1;
      }
      int n = 2;
      while (n < MAX_PAGEVIEWS && random.nextInt(100) < 65) {
        n++;
      }
      return n;
    }

    /** Time on a page: log-normal around 40 s, between 3 s and 10 min. */
    private Duration dwell() {
      double seconds = 40 * Math.exp(random.nextGaussian() * 0.9);
      long millis = Math.round(Math.min(600, Math.max(3, seconds)) * 1000);
      return Duration.ofMillis(millis);
    }

    private Catalog.Page landing(Acquisition.Kind kind) {
      int roll = random.nextInt(100);
      return switch (kind) {
        case DIRECT -> roll < 50 ? Catalog.HOME : Catalog.POPULAR.pick(random);
        case SEARCH ->
            roll < 35
                ? Catalog.DOCS.pick(random)
                : roll < 65 ? Catalog.BLOG_POSTS.pick(random) : Catalog.POPULAR.pick(random);
        case SOCIAL -> roll < 75 ? Catalog.BLOG_POSTS.pick(random) : Catalog.HOME;
        case REFERRAL ->
            roll < 50
                ? Catalog.HOME
                : roll < 80 ? Catalog.DOCS.pick(random) : Catalog.POPULAR.pick(random);
        case EMAIL ->
            roll < 60
                ? Catalog.BLOG_POSTS.pick(random)
                : roll < 85 ? Catalog.CHANGELOG : Catalog.PRICING;
        case CAMPAIGN -> roll < 80 ? Catalog.PRICING : Catalog.HOME;
        case PAID -> roll < 60 ? Catalog.PRICING : Catalog.HOME;
      };
    }

    /** Where a visitor goes next: pricing and sign-up pull, otherwise popular pages. */
    private Catalog.Page next(Catalog.Page current) {
      int roll = random.nextInt(100);
      if (current.equals(Catalog.PRICING) && roll < 25) {
        return Catalog.SIGNUP;
      }
      if (!current.equals(Catalog.PRICING) && roll < 18) {
        return Catalog.PRICING;
      }
      Catalog.Page next = Catalog.POPULAR.pick(random);
      for (int tries = 0; next.equals(current) && tries < 3; tries++) {
        next = Catalog.POPULAR.pick(random);
      }
      return next;
    }

    private String userId() {
      return "u_" + Long.toHexString(random.nextLong() & 0xFFFF_FFFFL);
    }

    private Event event(
        String name,
        Instant at,
        Visitor visitor,
        String url,
        String referrer,
        Catalog.Page page,
        String userId,
        Map<String, Object> properties,
        BigDecimal amount) {
      UUID id =
          new UUID(
              (random.nextLong() & ~0xF000L) | 0x4000L,
              (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
      return new Event(
          id.toString(),
          name,
          at.truncatedTo(ChronoUnit.MILLIS),
          visitor,
          url,
          referrer,
          page.title(),
          userId,
          properties,
          amount);
    }
  }
}
