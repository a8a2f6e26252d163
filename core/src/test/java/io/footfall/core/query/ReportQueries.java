package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Seeded random report queries over one site of {@link ReportTraffic}: metric subsets (property
 * aggregates included; conversions only with the goal dimension or a positive {@code is} goal
 * filter), 0–2 dimensions of every kind, 0–3 filters with every operator at event and visit level
 * (values taken from the traffic, {@code (none)} among them), ranges of whole local days and of
 * arbitrary instants that cut visits, explicit and default orders, limits and offsets.
 *
 * <p>Regular expressions are built only from what RE2 and java.util.regex read alike: anchors,
 * literal text with the metacharacters escaped, alternation, {@code .}, {@code *}, {@code +} and
 * simple classes.
 */
public final class ReportQueries {
  private static final List<Dimension.Kind> VISIT_ATTRIBUTES =
      java.util.Arrays.stream(Dimension.Kind.values())
          .filter(k -> k.level() == Dimension.Level.VISIT)
          .filter(k -> k != Dimension.Kind.ENTRY_PAGE && k != Dimension.Kind.EXIT_PAGE)
          .toList();
  private static final List<Metric.Kind> PLAIN_METRICS =
      List.of(
          Metric.Kind.VISITORS,
          Metric.Kind.VISITS,
          Metric.Kind.PAGEVIEWS,
          Metric.Kind.EVENTS,
          Metric.Kind.VIEWS_PER_VISIT,
          Metric.Kind.BOUNCE_RATE,
          Metric.Kind.VISIT_DURATION,
          Metric.Kind.REVENUE,
          Metric.Kind.ORDERS,
          Metric.Kind.AVERAGE_ORDER_VALUE);
  private static final List<Metric.Kind> PROPERTY_METRICS =
      List.of(
          Metric.Kind.SUM,
          Metric.Kind.AVG,
          Metric.Kind.MIN,
          Metric.Kind.MAX,
          Metric.Kind.P50,
          Metric.Kind.P95);
  private static final List<String> GENERIC_REGEXES =
      List.of("[0-9]", "^[A-Z]", "[a-z]\\.[a-z]", ".+", "^\\(none\\)$", "e$", "^/[a-z]+$", "o.*o");

  private final ReportTraffic.SiteTraffic site;
  private final Random random;
  private final Map<Dimension, List<String>> pools =
      new TreeMap<>(java.util.Comparator.comparing(Dimension::apiName));
  private final List<Instant> transitions = new ArrayList<>();

  /** Queries of {@code site}, drawn from {@code random}. */
  public ReportQueries(ReportTraffic.SiteTraffic site, Random random) {
    this.site = site;
    this.random = random;
    Map<Dimension, Set<String>> seen =
        new TreeMap<>(java.util.Comparator.comparing(Dimension::apiName));
    for (Event e : site.events()) {
      Event.Page p = e.page();
      Event.Client c = e.client();
      add(seen, Dimension.Kind.PAGE, p.pathname());
      add(seen, Dimension.Kind.ENTRY_PAGE, p.pathname());
      add(seen, Dimension.Kind.EXIT_PAGE, p.pathname());
      add(seen, Dimension.Kind.HOSTNAME, p.hostname());
      add(seen, Dimension.Kind.NAME, e.name());
      add(seen, Dimension.Kind.SOURCE, p.source());
      add(seen, Dimension.Kind.REFERRER, p.referrer());
      add(seen, Dimension.Kind.MEDIUM, p.medium());
      add(seen, Dimension.Kind.UTM_SOURCE, p.utm().source());
      add(seen, Dimension.Kind.UTM_MEDIUM, p.utm().medium());
      add(seen, Dimension.Kind.UTM_CAMPAIGN, p.utm().campaign());
      add(seen, Dimension.Kind.UTM_TERM, p.utm().term());
      add(seen, Dimension.Kind.UTM_CONTENT, p.utm().content());
      add(seen, Dimension.Kind.COUNTRY, c.country());
      add(seen, Dimension.Kind.REGION, c.region());
      add(seen, Dimension.Kind.CITY, c.city());
      add(seen, Dimension.Kind.BROWSER, c.browser());
      add(seen, Dimension.Kind.BROWSER_VERSION, c.browserVersion());
      add(seen, Dimension.Kind.OS, c.os());
      add(seen, Dimension.Kind.OS_VERSION, c.osVersion());
      add(seen, Dimension.Kind.DEVICE, c.device());
      add(seen, Dimension.Kind.SCREEN, c.screen());
      ReportOracle.properties(e.propertiesJson())
          .forEach(
              (k, v) ->
                  seen.computeIfAbsent(Dimension.property(k), x -> new TreeSet<>()).add(v.text()));
    }
    seen.computeIfAbsent(Dimension.property("missing"), x -> new TreeSet<>()).add("x");
    seen.put(
        Dimension.of(Dimension.Kind.GOAL),
        new TreeSet<>(site.goals().stream().map(Goal::name).toList()));
    seen.forEach((d, values) -> pools.put(d, List.copyOf(values)));
    Instant t = site.firstDay();
    ZoneOffsetTransition next;
    while ((next = site.zone().getRules().nextTransition(t)) != null
        && next.getInstant().isBefore(site.afterLastDay())) {
      transitions.add(next.getInstant());
      t = next.getInstant();
    }
  }

  private static void add(Map<Dimension, Set<String>> seen, Dimension.Kind kind, String value) {
    if (!value.isEmpty()) {
      seen.computeIfAbsent(Dimension.of(kind), x -> new TreeSet<>()).add(value);
    }
  }

  /** The next random query. */
  public ReportQuery next() {
    Instant[] range = range();
    boolean shortRange = Duration.between(range[0], range[1]).toHours() <= 48;
    List<Dimension> dimensions = new ArrayList<>();
    int dimensionCount = pick(30, 45, 25);
    while (dimensions.size() < dimensionCount) {
      Dimension d = dimension(shortRange);
      if (!dimensions.contains(d)) {
        dimensions.add(d);
      }
    }
    List<Filter> filters = new ArrayList<>();
    int filterCount = pick(35, 35, 20, 10);
    for (int i = 0; i < filterCount; i++) {
      filters.add(random.nextInt(6) == 0 ? goalIs() : filter());
    }
    List<Metric> metrics = new ArrayList<>();
    int metricCount = 1 + random.nextInt(4);
    while (metrics.size() < metricCount) {
      Metric m = metric();
      if (!metrics.contains(m)) {
        metrics.add(m);
      }
    }
    boolean goalDimension = dimensions.contains(Dimension.of(Dimension.Kind.GOAL));
    List<Filter> goalFilters =
        filters.stream().filter(f -> f.dimension().kind() == Dimension.Kind.GOAL).toList();
    boolean oneGoalIs = goalFilters.size() == 1 && goalFilters.getFirst().op() == Filter.Op.IS;
    if (goalDimension || oneGoalIs) {
      for (Metric.Kind k : List.of(Metric.Kind.CONVERSIONS, Metric.Kind.CONVERSION_RATE)) {
        if (random.nextBoolean()) {
          metrics.add(random.nextInt(metrics.size() + 1), Metric.of(k));
        }
      }
    }
    List<Order> orderBy = new ArrayList<>();
    if (random.nextBoolean()) {
      List<String> names = new ArrayList<>();
      metrics.forEach(m -> names.add(m.apiName()));
      dimensions.forEach(d -> names.add(d.apiName()));
      int keys = 1 + random.nextInt(2);
      for (int i = 0; i < keys; i++) {
        orderBy.add(new Order(names.get(random.nextInt(names.size())), random.nextBoolean()));
      }
    }
    int limit =
        List.of(ReportQuery.MAX_LIMIT, ReportQuery.MAX_LIMIT, 1, 3, 10, 100).get(random.nextInt(6));
    int offset = dimensions.isEmpty() || random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(5);
    return new ReportQuery(
        site.siteId(),
        site.zone(),
        range[0],
        range[1],
        site.currency(),
        metrics,
        dimensions,
        filters,
        site.goals(),
        orderBy,
        limit,
        offset);
  }

  /** Whole local days, arbitrary instants, a DST day, or everything. */
  private Instant[] range() {
    Instant first = site.firstDay();
    Instant last = site.afterLastDay();
    switch (pick(40, 35, 15, 10)) {
      case 0 -> {
        Instant at = randomInstant(first, last);
        LocalDate day = LocalDate.ofInstant(at, site.zone());
        int days = random.nextInt(3) == 0 ? 1 + random.nextInt(10) : 1;
        return new Instant[] {
          day.atStartOfDay(site.zone()).toInstant(),
          day.plusDays(days).atStartOfDay(site.zone()).toInstant()
        };
      }
      case 1 -> {
        Instant from = randomInstant(first, last);
        long length = (long) (60_000 + Math.pow(random.nextDouble(), 3) * 5 * 86_400_000L);
        return new Instant[] {from, from.plusMillis(length)};
      }
      case 2 -> {
        if (!transitions.isEmpty()) {
          LocalDate day =
              LocalDate.ofInstant(transitions.get(random.nextInt(transitions.size())), site.zone());
          return new Instant[] {
            day.atStartOfDay(site.zone()).toInstant(),
            day.plusDays(1).atStartOfDay(site.zone()).toInstant()
          };
        }
        return new Instant[] {first, last};
      }
      default -> {
        return new Instant[] {first, last};
      }
    }
  }

  private Instant randomInstant(Instant from, Instant to) {
    return from.plusMillis(random.nextLong(to.toEpochMilli() - from.toEpochMilli()));
  }

  private Dimension dimension(boolean shortRange) {
    return switch (pick(12, 4, 6, 6, 10, 6, 6, 14, 12)) {
      case 0 -> Dimension.of(Dimension.Kind.PAGE);
      case 1 -> Dimension.of(Dimension.Kind.HOSTNAME);
      case 2 -> Dimension.of(Dimension.Kind.NAME);
      case 3 -> Dimension.of(Dimension.Kind.GOAL);
      case 4 -> Dimension.property(propertyKey());
      case 5 -> Dimension.of(Dimension.Kind.ENTRY_PAGE);
      case 6 -> Dimension.of(Dimension.Kind.EXIT_PAGE);
      case 7 -> Dimension.of(VISIT_ATTRIBUTES.get(random.nextInt(VISIT_ATTRIBUTES.size())));
      default -> {
        List<Dimension.Kind> times =
            shortRange
                ? List.of(Dimension.Kind.MINUTE, Dimension.Kind.HOUR, Dimension.Kind.DAY)
                : List.of(
                    Dimension.Kind.HOUR,
                    Dimension.Kind.DAY,
                    Dimension.Kind.WEEK,
                    Dimension.Kind.MONTH);
        yield Dimension.of(times.get(random.nextInt(times.size())));
      }
    };
  }

  private String propertyKey() {
    List<String> keys = ReportTraffic.PROPERTY_KEYS;
    return random.nextBoolean() ? "v" : keys.get(random.nextInt(keys.size()));
  }

  private Metric metric() {
    if (random.nextInt(4) == 0) {
      String key = List.of("v", "v", "amount", "amount", "plan", "missing").get(random.nextInt(6));
      return new Metric(PROPERTY_METRICS.get(random.nextInt(PROPERTY_METRICS.size())), key);
    }
    return Metric.of(PLAIN_METRICS.get(random.nextInt(PLAIN_METRICS.size())));
  }

  /** A positive goal filter naming goals, at event or visit level: conversions may be asked. */
  private Filter goalIs() {
    List<String> goals = pools.get(Dimension.of(Dimension.Kind.GOAL));
    List<String> values = new ArrayList<>();
    int n = 1 + pick(70, 25, 5);
    for (int i = 0; i < n; i++) {
      values.add(goals.get(random.nextInt(goals.size())));
    }
    return new Filter(
        Filter.Op.IS,
        Dimension.of(Dimension.Kind.GOAL),
        random.nextBoolean(),
        values.stream().distinct().toList());
  }

  private Filter filter() {
    Dimension d;
    switch (pick(14, 4, 6, 6, 10, 5, 5, 16)) {
      case 0 -> d = Dimension.of(Dimension.Kind.PAGE);
      case 1 -> d = Dimension.of(Dimension.Kind.HOSTNAME);
      case 2 -> d = Dimension.of(Dimension.Kind.NAME);
      case 3 -> d = Dimension.of(Dimension.Kind.GOAL);
      case 4 -> d = Dimension.property(propertyKey());
      case 5 -> d = Dimension.of(Dimension.Kind.ENTRY_PAGE);
      case 6 -> d = Dimension.of(Dimension.Kind.EXIT_PAGE);
      default -> d = Dimension.of(VISIT_ATTRIBUTES.get(random.nextInt(VISIT_ATTRIBUTES.size())));
    }
    List<Filter.Op> ops = List.of(Filter.Op.values());
    Filter.Op op = ops.get(random.nextInt(ops.size()));
    boolean goal = d.kind() == Dimension.Kind.GOAL;
    List<String> pool = pools.getOrDefault(d, List.of("x"));
    List<String> values = new ArrayList<>();
    int n = 1 + pick(65, 25, 10);
    while (values.size() < n) {
      String v =
          switch (op.positive()) {
            case IS -> isValue(pool, goal);
            case CONTAINS -> containsValue(pool, goal);
            default -> regex(pool, goal);
          };
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    return new Filter(op, d, random.nextBoolean(), values);
  }

  private String isValue(List<String> pool, boolean goal) {
    int r = random.nextInt(20);
    if (!goal && r < 3) {
      return Filter.NONE;
    }
    if (!goal && r == 3) {
      return "nothing-has-this";
    }
    return pool.get(random.nextInt(pool.size()));
  }

  /**
   * A piece of a value. Goal names are never cut to a piece of {@code (none)}: whether a goal
   * filter treats an event without goals as {@code (none)} is left undefined.
   */
  private String containsValue(List<String> pool, boolean goal) {
    if (!goal && random.nextInt(15) == 0) {
      return random.nextBoolean() ? "none" : "(";
    }
    while (true) {
      String v = pool.get(random.nextInt(pool.size()));
      int length = Math.min(v.length(), 1 + random.nextInt(goal ? 6 : 4));
      if (goal) {
        length = Math.min(v.length(), Math.max(3, length));
      }
      int start = random.nextInt(v.length() - length + 1);
      String piece = v.substring(start, start + length);
      if (!goal || !Filter.NONE.contains(piece)) {
        return piece;
      }
    }
  }

  private String regex(List<String> pool, boolean goal) {
    while (true) {
      String v = pool.get(random.nextInt(pool.size()));
      String w = pool.get(random.nextInt(pool.size()));
      int cut = 1 + random.nextInt(Math.max(1, v.length()));
      String re =
          switch (random.nextInt(7)) {
            case 0 -> "^" + quote(v.substring(0, Math.min(cut, v.length())));
            case 1 -> quote(v.substring(Math.min(cut, v.length()) - 1)) + "$";
            case 2 -> "^" + quote(v) + "$";
            case 3 -> "^(" + quote(v) + "|" + quote(w) + ")$";
            case 4 ->
                quote(v.substring(0, Math.min(cut, v.length())))
                    + ".*"
                    + quote(w.substring(w.length() - 1));
            default -> GENERIC_REGEXES.get(random.nextInt(GENERIC_REGEXES.size()));
          };
      if (!goal || !Pattern.compile(re).matcher(Filter.NONE).find()) {
        return re;
      }
    }
  }

  /** Literal text as a regular expression, the same in RE2 and java.util.regex. */
  static String quote(String literal) {
    StringBuilder out = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

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
