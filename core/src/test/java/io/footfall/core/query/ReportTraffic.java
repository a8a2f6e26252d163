package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seeded web traffic with known ground truth, for the report correctness suite: stored {@link
 * Event}s of several sites, already sessionized, and the site's goals.
 *
 * <p>Design note. The traffic is built visitor by visitor, visit by visit, so the generator knows
 * what it made without looking at the events again: how many visits, bounces, page views, goal
 * completions (each page path is listed with the page view goals it completes, written by hand, not
 * derived from the goal patterns), revenue. {@link Truth} carries those tallies; they check the
 * oracle, which in turn checks the engine on a few hundred random queries.
 *
 * <p>Visits follow the collector's rules: gaps inside a visit are under 30 minutes (some zero:
 * events at the same instant), gaps between a visitor's visits over 30 minutes, visit attributes
 * (source, utm, location, software) the same on every event of a visit. Start times cluster around
 * local midnights and the DST changes of the site's zone, so visits cross them. Session ids are
 * unique within a site but repeat across sites, and some visitor ids too: a query of one site must
 * never see another's events. Values are ASCII; timestamps have millisecond precision.
 */
public final class ReportTraffic {

  /** A site of the traffic: its zone, currency, goals and events (in time order). */
  public record SiteTraffic(
      String siteId,
      ZoneId zone,
      String currency,
      List<Goal> goals,
      List<Event> events,
      Truth truth) {
    public SiteTraffic {
      goals = List.copyOf(goals);
      events = List.copyOf(events);
    }

    /** The first instant of the local day of the earliest event. */
    public Instant firstDay() {
      return LocalDate.ofInstant(events.getFirst().timestamp(), zone)
          .atStartOfDay(zone)
          .toInstant();
    }

    /** The first instant of the local day after the latest event. */
    public Instant afterLastDay() {
      return LocalDate.ofInstant(events.getLast().timestamp(), zone)
          .plusDays(1)
          .atStartOfDay(zone)
          .toInstant();
    }
  }

  /**
   * What the generator made for one site, counted as it made it.
   *
   * @param visitors distinct visitors
   * @param visits visits
   * @param events events of any name
   * @param pageviews page views
   * @param bounces visits of exactly one page view and nothing else
   * @param durationMillis the sum over visits of (last − first event time)
   * @param completions per goal name, the events that complete it
   * @param revenue the revenue in the site's currency
   * @param orders events with revenue in the site's currency
   * @param otherCurrencyOrders events with revenue in another currency
   */
  public record Truth(
      long visitors,
      long visits,
      long events,
      long pageviews,
      long bounces,
      long durationMillis,
      Map<String, Long> completions,
      BigDecimal revenue,
      long orders,
      long otherCurrencyOrders) {}

  /** The sites: Berlin and New York have DST changes inside the windows, UTC and +05:30 not. */
  static final List<SiteSpec> SITES =
      List.of(
          new SiteSpec("s_berlin", ZoneId.of("Europe/Berlin"), "EUR"),
          new SiteSpec("s_newyork", ZoneId.of("America/New_York"), "USD"),
          new SiteSpec("s_utc", ZoneId.of("UTC"), "GBP"),
          new SiteSpec("s_kolkata", ZoneId.of("Asia/Kolkata"), "INR"));

  /**
   * Local date windows the visits start in: New York's spring change (03-08), Berlin's (03-29), the
   * autumn changes of both (10-25, 11-01); month and week boundaries inside each.
   */
  static final List<LocalDate[]> WINDOWS =
      List.of(
          new LocalDate[] {LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 12)},
          new LocalDate[] {LocalDate.of(2026, 3, 26), LocalDate.of(2026, 4, 2)},
          new LocalDate[] {LocalDate.of(2026, 10, 22), LocalDate.of(2026, 11, 4)});

  // Goal names. Those used with contains/matches filters never match "(none)".
  public static final String G_PRICING = "Visit /pricing";
  public static final String G_BLOG = "Blog post";
  public static final String G_DOCS = "Docs";
  public static final String G_DONE = "Checkout done";
  public static final String G_ITEM = "Item page";
  public static final String G_PDF = "PDF file";
  public static final String G_SIGNUP = "Signup";
  public static final String G_PRO = "Pro signup";
  public static final String G_PURCHASE = "Purchase";
  public static final String G_FLAGGED = "Flagged download";
  public static final String G_THREE = "Download of 3";

  /** Custom property keys the traffic uses; {@code missing} is never set. */
  public static final List<String> PROPERTY_KEYS =
      List.of("v", "plan", "amount", "flag", "file", "author", "url", "missing");

  /**
   * The paths, most frequent first (weight 1/(rank+1)), each with the page view goals it completes.
   * The goal lists are the ground truth of the patterns of {@link #goals}, worked out by hand.
   */
  static final List<PagePath> PATHS =
      List.of(
          new PagePath("/"),
          new PagePath("/pricing", G_PRICING),
          new PagePath("/blog/hello-world", G_BLOG),
          new PagePath("/docs/intro", G_DOCS),
          new PagePath("/features"),
          new PagePath("/shop/item/1", G_ITEM),
          new PagePath("/blog/", G_BLOG),
          new PagePath("/docs/api/events", G_DOCS),
          new PagePath("/shop/cart"),
          new PagePath("/shop/cart/done", G_DONE),
          new PagePath("/about"),
          new PagePath("/files/report.pdf", G_PDF),
          new PagePath("/blog/a.b", G_BLOG),
          new PagePath("/docs/", G_DOCS),
          new PagePath("/blog/2026/recap"),
          new PagePath("/Pricing"),
          new PagePath("/pricing/enterprise"),
          new PagePath("/docs"),
          new PagePath("/documentation"),
          new PagePath("/shop/item/42", G_ITEM),
          new PagePath("/shop/item/1/reviews"),
          new PagePath("/shop/done"),
          new PagePath("/shop/a/b/done", G_DONE),
          new PagePath("/files/xpdf"),
          new PagePath("/files/a/b.pdf"),
          new PagePath("/blog"),
          new PagePath("/contact"),
          new PagePath("/app#/settings"),
          new PagePath("/legal/privacy"),
          new PagePath("/search"),
          new PagePath("/shop/item/", G_ITEM));

  private static final List<String> HOSTNAMES =
      List.of("example.com", "www.example.com", "blog.example.com", "shop.example.com");

  /** Source, medium, referrer, referrer host. */
  private static final List<String[]> CHANNELS =
      List.of(
          new String[] {"", "direct", "", ""},
          new String[] {"", "", "", ""},
          new String[] {"Google", "search", "https://www.google.com/", "google.com"},
          new String[] {"Bing", "search", "https://www.bing.com/", "bing.com"},
          new String[] {"Newsletter", "email", "", ""},
          new String[] {
            "Mastodon", "social", "https://mastodon.social/@footfall", "mastodon.social"
          },
          new String[] {
            "news.example", "referral", "https://news.example/item?id=7", "news.example"
          },
          new String[] {"Google", "cpc", "https://www.google.com/", "google.com"});

  private static final List<Event.Utm> CAMPAIGNS =
      List.of(
          Event.Utm.NONE,
          Event.Utm.NONE,
          new Event.Utm("newsletter", "email", "spring", "", ""),
          new Event.Utm("google", "cpc", "brand", "footfall analytics", "ad-1"),
          new Event.Utm("google", "cpc", "brand", "privacy analytics", "ad-2"),
          new Event.Utm("mastodon", "social", "", "", ""));

  /** Country, region, city. */
  private static final List<String[]> PLACES =
      List.of(
          new String[] {"DE", "Berlin", "Berlin"},
          new String[] {"DE", "Bavaria", "Munich"},
          new String[] {"US", "New York", "New York"},
          new String[] {"US", "California", ""},
          new String[] {"IN", "Maharashtra", "Mumbai"},
          new String[] {"FR", "Ile-de-France", "Paris"},
          new String[] {"", "", ""});

  /** Browser, version, OS, OS version, device, screen. */
  private static final List<String[]> SOFTWARE =
      List.of(
          new String[] {"Chrome", "126", "Windows", "11", "desktop", "1920x1080"},
          new String[] {"Firefox", "128", "Linux", "", "desktop", "2560x1440"},
          new String[] {"Safari", "17", "Mac", "14.5", "desktop", "1440x900"},
          new String[] {"Safari", "17", "iOS", "17.5", "mobile", "390x844"},
          new String[] {"Chrome", "125", "Android", "14", "mobile", "412x915"},
          new String[] {"Chrome", "126", "Android", "13", "tablet", ""},
          new String[] {"", "", "", "", "", ""});

  private static final List<String> NON_NUMERIC =
      List.of("abc", "pro", "12abc", "1.2.3", "-", "nan", "inf", "1,5", "x y");

  private ReportTraffic() {}

  /** The traffic of every site, {@code visitorsPerSite} visitors each, from the seed. */
  public static List<SiteTraffic> generate(long seed, int visitorsPerSite) {
    Random random = new Random(seed);
    List<Long> usedVisitorIds = new ArrayList<>();
    List<SiteTraffic> sites = new ArrayList<>();
    for (SiteSpec spec : SITES) {
      sites.add(new SiteGenerator(spec, random, usedVisitorIds).generate(visitorsPerSite));
    }
    return List.copyOf(sites);
  }

  /** Every event of the traffic, of all sites. */
  public static List<Event> allEvents(List<SiteTraffic> sites) {
    List<Event> all = new ArrayList<>();
    sites.forEach(s -> all.addAll(s.events()));
    return all;
  }

  /** The goals every site has, with the site's id. */
  public static List<Goal> goals(String siteId) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    List<Goal> goals = new ArrayList<>();
    int[] n = {0};
    java.util.function.BiConsumer<String, String> page =
        (name, pattern) ->
            goals.add(
                new Goal(
                    siteId + "_g" + n[0]++,
                    siteId,
                    name,
                    Goal.Kind.PAGEVIEW,
                    pattern,
                    "",
                    "",
                    "",
                    created));
    page.accept(G_PRICING, "/pricing");
    page.accept(G_BLOG, "/blog/*");
    page.accept(G_DOCS, "/docs/**");
    page.accept(G_DONE, "/shop/**/done");
    page.accept(G_ITEM, "/shop/item/*");
    page.accept(G_PDF, "/files/*.pdf");
    String[][] events = {
      {G_SIGNUP, "signup", "", ""},
      {G_PRO, "signup", "plan", "pro"},
      {G_PURCHASE, "purchase", "", ""},
      {G_FLAGGED, "download", "flag", "true"},
      {G_THREE, "download", "v", "3"},
    };
    for (String[] e : events) {
      goals.add(
          new Goal(
              siteId + "_g" + n[0]++,
              siteId,
              e[0],
              Goal.Kind.EVENT,
              "",
              e[1],
              e[2],
              e[3],
              created));
    }
    return List.copyOf(goals);
  }

  record SiteSpec(String siteId, ZoneId zone, String currency) {}

  record PagePath(String path, List<String> goals) {
    PagePath(String path, String... goals) {
      this(path, List.of(goals));
    }
  }

  /** A visit's attributes, stamped on each of its events. */
  private record VisitLook(
      String[] channel, Event.Utm utm, String[] place, String[] software, String hostname) {}

  /** A custom property value: its JSON text and the text a report shows for it. */
  private record Prop(String json, String text) {}

  private static final class SiteGenerator {
    private final SiteSpec spec;
    private final Random random;
    private final List<Long> usedVisitorIds;
    private final List<Instant> hotInstants = new ArrayList<>();
    private final double[] pathCumulative = new double[PATHS.size()];
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Long> completions = new TreeMap<>();
    private long nextSession = 1_000;
    private long nextEvent;
    private long visits;
    private long pageviews;
    private long bounces;
    private long durationMillis;
    private BigDecimal revenue = BigDecimal.ZERO;
    private long orders;
    private long otherCurrencyOrders;

    SiteGenerator(SiteSpec spec, Random random, List<Long> usedVisitorIds) {
      this.spec = spec;
      this.random = random;
      this.usedVisitorIds = usedVisitorIds;
      for (LocalDate[] w : WINDOWS) {
        for (LocalDate d = w[0]; !d.isAfter(w[1]); d = d.plusDays(1)) {
          hotInstants.add(d.atStartOfDay(spec.zone()).toInstant());
        }
        ZoneOffsetTransition t =
            spec.zone().getRules().nextTransition(w[0].atStartOfDay(spec.zone()).toInstant());
        if (t != null && t.getInstant().isBefore(w[1].atStartOfDay(spec.zone()).toInstant())) {
          // Several times, so that the DST day and the repeated hour see plenty of visits.
          for (int i = 0; i < 6; i++) {
            hotInstants.add(t.getInstant());
            hotInstants.add(t.getInstant().plus(Duration.ofMinutes(59)));
          }
        }
      }
      double sum = 0;
      for (int i = 0; i < PATHS.size(); i++) {
        sum += 1.0 / (i + 1);
        pathCumulative[i] = sum;
      }
      for (int i = 0; i < PATHS.size(); i++) {
        pathCumulative[i] /= sum;
      }
      for (Goal g : goals(spec.siteId())) {
        completions.put(g.name(), 0L);
      }
    }

    SiteTraffic generate(int visitors) {
      Set<Long> siteVisitors = new HashSet<>();
      for (int v = 0; v < visitors; v++) {
        long visitorId;
        do {
          visitorId =
              !usedVisitorIds.isEmpty() && random.nextInt(5) == 0
                  ? usedVisitorIds.get(random.nextInt(usedVisitorIds.size()))
                  : random.nextLong();
        } while (!siteVisitors.add(visitorId));
        usedVisitorIds.add(visitorId);
        int visitCount = pick(50, 30, 12, 8) + 1;
        Instant start = firstStart();
        for (int i = 0; i < visitCount; i++) {
          Instant end = visit(visitorId, start);
          // Strictly more than 30 minutes after the previous visit's last event.
          start =
              end.plus(Duration.ofMinutes(30))
                  .plusMillis(
                      1 + (long) (random.nextDouble() * random.nextDouble() * 129_600_000L));
        }
      }
      events.sort(java.util.Comparator.comparing(Event::timestamp));
      Truth truth =
          new Truth(
              siteVisitors.size(),
              visits,
              events.size(),
              pageviews,
              bounces,
              durationMillis,
              Collections.unmodifiableMap(new LinkedHashMap<>(completions)),
              revenue,
              orders,
              otherCurrencyOrders);
      return new SiteTraffic(
          spec.siteId(), spec.zone(), spec.currency(), goals(spec.siteId()), events, truth);
    }

    private Instant firstStart() {
      if (random.nextInt(4) == 0) {
        Instant hot = hotInstants.get(random.nextInt(hotInstants.size()));
        return hot.minusMillis(random.nextLong(40 * 60_000L));
      }
      LocalDate[] w = WINDOWS.get(random.nextInt(WINDOWS.size()));
      Instant from = w[0].atStartOfDay(spec.zone()).toInstant();
      Instant to = w[1].atStartOfDay(spec.zone()).toInstant();
      return from.plusMillis(random.nextLong(to.toEpochMilli() - from.toEpochMilli()));
    }

    /** Generates one visit starting at {@code start}; returns the time of its last event. */
    private Instant visit(long visitorId, Instant start) {
      long sessionId = nextSession++;
      visits++;
      VisitLook look =
          new VisitLook(
              CHANNELS.get(random.nextInt(CHANNELS.size())),
              CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size())),
              PLACES.get(random.nextInt(PLACES.size())),
              SOFTWARE.get(random.nextInt(SOFTWARE.size())),
              HOSTNAMES.get(pick(70, 10, 10, 10)));
      int count = random.nextInt(10) < 3 ? 1 : 2 + random.nextInt(random.nextInt(11) + 1);
      Instant at = start;
      int visitPageviews = 0;
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          at = at.plusMillis(gap());
        }
        boolean pageview = i == 0 ? random.nextInt(10) != 0 : random.nextInt(10) < 7;
        if (pageview) {
          visitPageviews++;
        }
        events.add(
            pageview
                ? pageview(visitorId, sessionId, at, look)
                : custom(visitorId, sessionId, at, look));
      }
      if (count == 1 && visitPageviews == 1) {
        bounces++;
      }
      durationMillis += Duration.between(start, at).toMillis();
      return at;
    }

    /** A gap inside a visit: zero (same instant) or up to just under 30 minutes. */
    private long gap() {
      return switch (pick(15, 50, 30, 5)) {
        case 0 -> 0;
        case 1 -> 1 + random.nextLong(120_000);
        case 2 -> 120_000 + random.nextLong(780_000);
        default -> 900_000 + random.nextLong(900_000);
      };
    }

    private Event pageview(long visitorId, long sessionId, Instant at, VisitLook look) {
      pageviews++;
      double r = random.nextDouble();
      int p = 0;
      while (pathCumulative[p] < r) {
        p++;
      }
      PagePath path = PATHS.get(p);
      path.goals().forEach(this::completed);
      Map<String, Prop> props = new LinkedHashMap<>();
      int kind = pick(70, 20, 10);
      if (kind == 1) {
        props.put("v", mixedValue());
      } else if (kind == 2) {
        props.put("author", string(random.nextBoolean() ? "ann" : "bob"));
      }
      return event(
          visitorId,
          sessionId,
          at,
          Event.PAGEVIEW,
          hostname(look),
          path.path(),
          look,
          props,
          Event.Revenue.NONE);
    }

    private Event custom(long visitorId, long sessionId, Instant at, VisitLook look) {
      Map<String, Prop> props = new LinkedHashMap<>();
      Event.Revenue money = Event.Revenue.NONE;
      String name;
      switch (pick(30, 25, 35, 10)) {
        case 0 -> {
          name = "signup";
          completed(G_SIGNUP);
          int plan = pick(40, 30, 15, 15);
          if (plan < 3) {
            props.put("plan", string(new String[] {"pro", "free", "team"}[plan]));
          }
          if (plan == 0) {
            completed(G_PRO);
          }
          if (random.nextInt(10) < 3) {
            props.put("v", mixedValue());
          }
        }
        case 1 -> {
          name = "purchase";
          completed(G_PURCHASE);
          long cents = 100 + random.nextLong(50_000);
          switch (pick(85, 10, 5)) {
            case 0 -> props.put("amount", number(BigDecimal.valueOf(cents, 2)));
            case 1 -> props.put("amount", string(BigDecimal.valueOf(cents, 2).toPlainString()));
            default -> {}
          }
          int currency = pick(75, 15, 10);
          if (currency < 2) {
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(30) == 0 ? -cents : cents, 2);
            String code = currency == 0 ? spec.currency() : otherCurrency();
            money = new Event.Revenue(amount, code);
            if (currency == 0) {
              revenue = revenue.add(amount);
              orders++;
            } else {
              otherCurrencyOrders++;
            }
          }
        }
        case 2 -> {
          name = "download";
          props.put(
              "file", string(new String[] {"report.pdf", "guide.zip", "x"}[pick(50, 30, 20)]));
          int flag = pick(35, 25, 15, 25);
          switch (flag) {
            case 0 -> props.put("flag", new Prop("true", "true"));
            case 1 -> props.put("flag", new Prop("false", "false"));
            case 2 -> props.put("flag", string("true"));
            default -> {}
          }
          if (flag == 0 || flag == 2) {
            completed(G_FLAGGED);
          }
          if (random.nextInt(10) < 7) {
            Prop v = mixedValue();
            props.put("v", v);
            if (v.text().equals("3")) {
              completed(G_THREE);
            }
          }
        }
        default -> {
          name = "Outbound Link: Click";
          props.put("url", string("https://other.example/" + random.nextInt(5)));
        }
      }
      // Server-side events now and then: no page at all.
      boolean noPage = random.nextInt(20) == 0;
      String path = noPage ? "" : PATHS.get(random.nextInt(8)).path();
      return event(
          visitorId, sessionId, at, name, noPage ? "" : hostname(look), path, look, props, money);
    }

    private String hostname(VisitLook look) {
      return random.nextInt(10) == 0
          ? HOSTNAMES.get(random.nextInt(HOSTNAMES.size()))
          : look.hostname();
    }

    private String otherCurrency() {
      return spec.currency().equals("EUR") ? "USD" : "EUR";
    }

    private void completed(String goal) {
      completions.merge(goal, 1L, Long::sum);
    }

    /**
     * A value of the mixed property {@code v}: JSON numbers (integers, at most 2 decimals without
     * trailing zeros), numeric strings (some with trailing zeros), other strings, booleans, 3 as
     * number and as string.
     */
    private Prop mixedValue() {
      return switch (pick(30, 20, 15, 15, 10, 5, 5)) {
        case 0 -> number(BigDecimal.valueOf(random.nextInt(2001) - 500));
        case 1 -> number(BigDecimal.valueOf(random.nextInt(200_001) - 50_000, 2));
        case 2 ->
            string(
                random.nextBoolean()
                    ? Integer.toString(random.nextInt(1000))
                    : BigDecimal.valueOf(random.nextInt(100_000), 2).toPlainString());
        case 3 -> string(NON_NUMERIC.get(random.nextInt(NON_NUMERIC.size())));
        case 4 -> random.nextBoolean() ? new Prop("true", "true") : new Prop("false", "false");
        case 5 -> new Prop("3", "3");
        default -> string("3");
      };
    }

    private static Prop number(BigDecimal value) {
      String text = value.stripTrailingZeros().toPlainString();
      return new Prop(text, text);
    }

    private static Prop string(String text) {
      return new Prop("\"" + text + "\"", text);
    }

    private Event event(
        long visitorId,
        long sessionId,
        Instant at,
        String name,
        String hostname,
        String path,
        VisitLook look,
        Map<String, Prop> props,
        Event.Revenue money) {
      String[] ch = look.channel();
      String[] place = look.place();
      String[] sw = look.software();
      String url = path.isEmpty() ? "" : "https://" + hostname + path;
      Event.Page page =
          new Event.Page(
              hostname,
              path,
              url,
              path.isEmpty() ? "" : "Title of " + path,
              ch[2],
              ch[3],
              ch[0],
              ch[1],
              look.utm(),
              "");
      Event.Client client =
          new Event.Client(
              sw[0],
              sw[1],
              sw[2],
              sw[3],
              sw[4],
              sw[5],
              "en-US",
              place[0],
              place[1],
              place[2],
              "192.0.2.0/24");
      StringBuilder json = new StringBuilder("{");
      props.forEach(
          (k, v) ->
              json.append(json.length() > 1 ? "," : "")
                  .append('"')
                  .append(k)
                  .append("\":")
                  .append(v.json()));
      json.append('}');
      String id = spec.siteId() + "-e" + nextEvent++;
      return new Event(
          spec.siteId(),
          id,
          at,
          at.plusMillis(random.nextInt(2000)),
          name,
          visitorId,
          sessionId,
          "",
          page,
          client,
          json.toString(),
          money);
    }

    /** An index drawn with the given weights. */
    private int pick(int... weights) {
      int total = 0;
      for (int w : weights) {
        total += w;
      }
      int r = random.nextInt(total);
      for (int i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) {
          return i;
        }
      }
      throw new AssertionError();
    }
  }
}
