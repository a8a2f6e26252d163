package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Computes a {@link Report} in plain Java, straight from the definitions in docs/metrics.md: the
 * independent side of the report correctness suite.
 *
 * <p>Design note. Nothing here is shared with the SQL path, and nothing is clever: every metric is
 * the literal definition evaluated over lists (matching events, matching visits, the in-range
 * events of each visit), money and property values in {@link BigDecimal}, ratios kept as exact
 * fractions until the one rounding at the end, goal path patterns matched by a glob matcher of its
 * own. It is slow (a few milliseconds per query over ten thousand events) and meant to be obviously
 * right rather than fast.
 */
public final class ReportOracle {
  private static final DateTimeFormatter BUCKET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

  private final ReportQuery query;

  /** The site's events inside the range, with what the definitions need to know of each. */
  private final List<Fact> inRange = new ArrayList<>();

  private final Map<String, Pattern> regexes = new HashMap<>();

  private ReportOracle(List<Event> events, ReportQuery query) {
    this.query = query;
    Map<Long, Visit> visits = new LinkedHashMap<>();
    for (Event e : events) {
      if (e.siteId().equals(query.siteId())
          && !e.timestamp().isBefore(query.from())
          && e.timestamp().isBefore(query.to())) {
        Visit visit = visits.computeIfAbsent(e.sessionId(), id -> new Visit());
        Fact fact = new Fact(e, visit, completedGoals(e), properties(e.propertiesJson()));
        visit.facts.add(fact);
        inRange.add(fact);
      }
    }
    visits.values().forEach(Visit::settle);
  }

  /**
   * The report of {@code query} over {@code events} (events of other sites are ignored).
   *
   * @throws IllegalArgumentException for a conversion metric without a goal dimension or a positive
   *     goal filter, which the engine refuses too
   */
  public static Report report(List<Event> events, ReportQuery query) {
    return new ReportOracle(events, query).run();
  }

  // ------------------------------------------------------------------------------------ facts

  /** One in-range event and what the definitions derive from it. */
  private record Fact(
      Event event, Visit visit, List<String> goals, Map<String, PropertyValue> properties) {}

  /** A custom property: its text, and its number when it is numeric. */
  record PropertyValue(String text, BigDecimal number) {}

  /** The in-range events of a visit and what is derived from them. */
  private static final class Visit {
    final List<Fact> facts = new ArrayList<>();
    String entryPage = Filter.NONE;
    String exitPage = Filter.NONE;
    long pageviews;
    boolean bounce;
    long durationMicros;

    void settle() {
      Fact entry = null;
      Fact exit = null;
      for (Fact f : facts) {
        Event e = f.event();
        if (!e.name().equals(Event.PAGEVIEW)) {
          continue;
        }
        pageviews++;
        // Ties at the same instant: the smaller path enters, the larger exits.
        if (entry == null
            || e.timestamp().isBefore(entry.event().timestamp())
            || (e.timestamp().equals(entry.event().timestamp())
                && e.page().pathname().compareTo(entry.event().page().pathname()) < 0)) {
          entry = f;
        }
        if (exit == null
            || e.timestamp().isAfter(exit.event().timestamp())
            || (e.timestamp().equals(exit.event().timestamp())
                && e.page().pathname().compareTo(exit.event().page().pathname()) > 0)) {
          exit = f;
        }
      }
      if (entry != null) {
        entryPage = orNone(entry.event().page().pathname());
        exitPage = orNone(exit.event().page().pathname());
      }
      bounce = facts.size() == 1 && facts.getFirst().event().name().equals(Event.PAGEVIEW);
      java.time.Instant first = facts.getFirst().event().timestamp();
      java.time.Instant last = first;
      for (Fact f : facts) {
        first = f.event().timestamp().isBefore(first) ? f.event().timestamp() : first;
        last = f.event().timestamp().isAfter(last) ? f.event().timestamp() : last;
      }
      durationMicros = ChronoUnit.MICROS.between(first, last);
    }
  }

  private List<String> completedGoals(Event e) {
    List<String> names = new ArrayList<>();
    for (Goal g : query.goals()) {
      if (completes(g, e)) {
        names.add(g.name());
      }
    }
    return names;
  }

  private static boolean completes(Goal goal, Event e) {
    return switch (goal.kind()) {
      case PAGEVIEW ->
          e.name().equals(Event.PAGEVIEW) && glob(goal.pathPattern(), 0, e.page().pathname(), 0);
      case EVENT -> {
        if (!e.name().equals(goal.eventName())) {
          yield false;
        }
        if (goal.propertyKey().isEmpty()) {
          yield true;
        }
        PropertyValue v = properties(e.propertiesJson()).get(goal.propertyKey());
        yield v != null && v.text().equals(goal.propertyValue());
      }
    };
  }

  /**
   * Whether {@code path} from {@code j} matches {@code pattern} from {@code i}: {@code **} any
   * characters, {@code *} any characters but {@code /}, everything else itself.
   */
  static boolean glob(String pattern, int i, String path, int j) {
    if (i == pattern.length()) {
      return j == path.length();
    }
    if (pattern.startsWith("**", i)) {
      for (int k = j; k <= path.length(); k++) {
        if (glob(pattern, i + 2, path, k)) {
          return true;
        }
      }
      return false;
    }
    if (pattern.charAt(i) == '*') {
      for (int k = j; ; k++) {
        if (glob(pattern, i + 1, path, k)) {
          return true;
        }
        if (k == path.length() || path.charAt(k) == '/') {
          return false;
        }
      }
    }
    return j < path.length()
        && pattern.charAt(i) == path.charAt(j)
        && glob(pattern, i + 1, path, j + 1);
  }

  /**
   * The custom properties of a flat JSON object: strings give their text, numbers and booleans
   * their JSON text; numeric are JSON numbers and strings that read as a decimal number.
   */
  static Map<String, PropertyValue> properties(String json) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    JsonReader r = new JsonReader(json);
    r.expect('{');
    if (r.peek() == '}') {
      return out;
    }
    do {
      String key = r.string();
      r.expect(':');
      char c = r.peek();
      if (c == '"') {
        String text = r.string();
        out.put(
            key,
            new PropertyValue(text, DECIMAL.matcher(text).matches() ? new BigDecimal(text) : null));
      } else {
        String raw = r.bare();
        switch (raw) {
          case "true", "false" -> out.put(key, new PropertyValue(raw, null));
          case "null" -> {}
          default -> out.put(key, new PropertyValue(raw, new BigDecimal(raw)));
        }
      }
    } while (r.comma());
    r.expect('}');
    return out;
  }

  /** Just enough JSON for flat objects of scalars. */
  private static final class JsonReader {
    private final String s;
    private int i;

    JsonReader(String s) {
      this.s = s;
    }

    char peek() {
      while (Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return s.charAt(i);
    }

    void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + i + " of " + s);
      }
      i++;
    }

    boolean comma() {
      if (peek() == ',') {
        i++;
        return true;
      }
      return false;
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\') {
          char n = s.charAt(i++);
          switch (n) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(n);
          }
        } else {
          b.append(c);
        }
      }
      i++;
      return b.toString();
    }

    String bare() {
      peek();
      int start = i;
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }
  }

  // ------------------------------------------------------------------------ dimension values

  private static String orNone(String value) {
    return value.isEmpty() ? Filter.NONE : value;
  }

  /** The values an event has for a dimension: one, or for the goal dimension its goals. */
  private List<String> values(Fact f, Dimension d) {
    return d.kind() == Dimension.Kind.GOAL ? f.goals() : List.of(value(f, d));
  }

  private String value(Fact f, Dimension d) {
    Event e = f.event();
    Event.Page p = e.page();
    Event.Client c = e.client();
    return switch (d.kind()) {
      case PAGE -> orNone(p.pathname());
      case HOSTNAME -> orNone(p.hostname());
      case NAME -> e.name();
      case GOAL -> throw new IllegalArgumentException("the goal dimension has several values");
      case PROPERTY -> {
        PropertyValue v = f.properties().get(d.property());
        yield v == null ? Filter.NONE : orNone(v.text());
      }
      case ENTRY_PAGE -> f.visit().entryPage;
      case EXIT_PAGE -> f.visit().exitPage;
      case SOURCE -> orNone(p.source());
      case REFERRER -> orNone(p.referrer());
      case MEDIUM -> orNone(p.medium());
      case UTM_SOURCE -> orNone(p.utm().source());
      case UTM_MEDIUM -> orNone(p.utm().medium());
      case UTM_CAMPAIGN -> orNone(p.utm().campaign());
      case UTM_TERM -> orNone(p.utm().term());
      case UTM_CONTENT -> orNone(p.utm().content());
      case COUNTRY -> orNone(c.country());
      case REGION -> orNone(c.region());
      case CITY -> orNone(c.city());
      case BROWSER -> orNone(c.browser());
      case BROWSER_VERSION -> orNone(c.browserVersion());
      case OS -> orNone(c.os());
      case OS_VERSION -> orNone(c.osVersion());
      case DEVICE -> orNone(c.device());
      case SCREEN -> orNone(c.screen());
      case MINUTE, HOUR, DAY, WEEK, MONTH -> bucket(e, d.kind());
    };
  }

  private String bucket(Event e, Dimension.Kind kind) {
    LocalDateTime local = LocalDateTime.ofInstant(e.timestamp(), query.zone());
    LocalDateTime start =
        switch (kind) {
          case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES);
          case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
          case DAY -> local.toLocalDate().atStartOfDay();
          case WEEK ->
              local
                  .toLocalDate()
                  .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                  .atStartOfDay();
          case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay();
          default -> throw new IllegalArgumentException(kind + " is not a time dimension");
        };
    return start.format(BUCKET);
  }

  // ---------------------------------------------------------------------------------- filters

  private boolean positive(Filter filter, Fact f) {
    for (String v : values(f, filter.dimension())) {
      for (String w : filter.values()) {
        boolean hit =
            switch (filter.op().positive()) {
              case IS -> v.equals(w);
              case CONTAINS -> v.contains(w);
              case MATCHES -> regexes.computeIfAbsent(w, Pattern::compile).matcher(v).find();
              default -> throw new AssertionError();
            };
        if (hit) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean keeps(Filter filter, Fact f, Map<Visit, Boolean> visitCache) {
    boolean hit;
    if (filter.wholeVisits()) {
      hit =
          visitCache.computeIfAbsent(
              f.visit(), v -> v.facts.stream().anyMatch(x -> positive(filter, x)));
    } else {
      hit = positive(filter, f);
    }
    return hit != filter.op().negated();
  }

  private List<Fact> passing(List<Filter> filters) {
    List<Map<Visit, Boolean>> caches = new ArrayList<>();
    filters.forEach(x -> caches.add(new IdentityHashMap<>()));
    List<Fact> out = new ArrayList<>();
    for (Fact f : inRange) {
      boolean all = true;
      for (int i = 0; i < filters.size() && all; i++) {
        all = keeps(filters.get(i), f, caches.get(i));
      }
      if (all) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean isGoalFilter(Filter f) {
    return f.dimension().kind() == Dimension.Kind.GOAL;
  }

  // ---------------------------------------------------------------------------------- report

  /** A metric's value: what the report shows, and the exact value rows are ordered by. */
  private record Value(Object shown, Fraction exact) {
    static final Value NULL = new Value(null, null);

    static Value count(long n) {
      return new Value(n, new Fraction(BigDecimal.valueOf(n), BigDecimal.ONE));
    }

    static Value decimal(BigDecimal exact, int scale) {
      return new Value(
          exact.setScale(scale, RoundingMode.HALF_UP), new Fraction(exact, BigDecimal.ONE));
    }

    /** {@code num / den} rounded half-up once; null when {@code den} is 0. */
    static Value ratio(BigDecimal num, BigDecimal den, int scale) {
      if (den.signum() == 0) {
        return NULL;
      }
      return new Value(num.divide(den, scale, RoundingMode.HALF_UP), new Fraction(num, den));
    }
  }

  /** An exact rational with a positive denominator. */
  private record Fraction(BigDecimal num, BigDecimal den) implements Comparable<Fraction> {
    @Override
    public int compareTo(Fraction o) {
      return num.multiply(o.den).compareTo(o.num.multiply(den));
    }
  }

  private record Row(List<String> dimensions, List<Value> values) {}

  private Report run() {
    List<Dimension> dims = query.dimensions();
    int goalDim = -1;
    for (int i = 0; i < dims.size(); i++) {
      if (dims.get(i).kind() == Dimension.Kind.GOAL) {
        goalDim = i;
      }
    }
    boolean needsGoal = query.metrics().stream().anyMatch(m -> m.kind().needsGoal());
    if (needsGoal
        && goalDim < 0
        && query.filters().stream().noneMatch(f -> isGoalFilter(f) && !f.op().negated())) {
      throw new IllegalArgumentException("conversions need a goal filter or the goal dimension");
    }

    List<Fact> matching = passing(query.filters());
    Map<List<String>, List<Fact>> groups = group(matching, dims);
    if (dims.isEmpty()) {
      groups.putIfAbsent(List.of(), List.of());
    }

    // conversion_rate's denominator: the row without goal filters and without the goal dimension.
    Map<List<String>, List<Fact>> baseGroups = Map.of();
    List<Dimension> baseDims = new ArrayList<>(dims);
    if (goalDim >= 0) {
      baseDims.remove(goalDim);
    }
    if (needsGoal) {
      baseGroups =
          group(passing(query.filters().stream().filter(f -> !isGoalFilter(f)).toList()), baseDims);
    }
    Set<String> filterGoals = new HashSet<>();
    for (Filter f : query.filters()) {
      if (isGoalFilter(f) && !f.op().negated()) {
        for (Goal g : query.goals()) {
          if (positiveName(f, g.name())) {
            filterGoals.add(g.name());
          }
        }
      }
    }

    List<Row> rows = new ArrayList<>();
    for (Map.Entry<List<String>, List<Fact>> group : groups.entrySet()) {
      List<String> key = group.getKey();
      Set<String> rowGoals = goalDim >= 0 ? Set.of(key.get(goalDim)) : filterGoals;
      List<String> baseKey = new ArrayList<>(key);
      if (goalDim >= 0) {
        baseKey.remove(goalDim);
      }
      List<Fact> base = baseGroups.getOrDefault(baseKey, List.of());
      List<Value> values = new ArrayList<>();
      for (Metric m : query.metrics()) {
        values.add(metric(m, group.getValue(), rowGoals, base));
      }
      rows.add(new Row(key, values));
    }

    rows.sort(order());
    int from = Math.min(query.offset(), rows.size());
    int to = Math.min(rows.size(), from + query.limit());
    List<Report.Row> page = new ArrayList<>();
    for (Row r : rows.subList(from, to)) {
      page.add(new Report.Row(r.dimensions(), r.values().stream().map(Value::shown).toList()));
    }
    return new Report(page, rows.size());
  }

  private boolean positiveName(Filter f, String name) {
    for (String w : f.values()) {
      boolean hit =
          switch (f.op().positive()) {
            case IS -> name.equals(w);
            case CONTAINS -> name.contains(w);
            case MATCHES -> regexes.computeIfAbsent(w, Pattern::compile).matcher(name).find();
            default -> throw new AssertionError();
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** Facts by their tuple of dimension values; a fact with several goals is in several groups. */
  private Map<List<String>, List<Fact>> group(List<Fact> facts, List<Dimension> dims) {
    Map<List<String>, List<Fact>> groups = new LinkedHashMap<>();
    for (Fact f : facts) {
      List<List<String>> keys = new ArrayList<>();
      keys.add(List.of());
      for (Dimension d : dims) {
        List<List<String>> next = new ArrayList<>();
        for (List<String> k : keys) {
          for (String v : values(f, d)) {
            List<String> longer = new ArrayList<>(k);
            longer.add(v);
            next.add(longer);
          }
        }
        keys = next;
      }
      for (List<String> k : keys) {
        groups.computeIfAbsent(List.copyOf(k), x -> new ArrayList<>()).add(f);
      }
    }
    return groups;
  }

  private Value metric(Metric m, List<Fact> facts, Set<String> rowGoals, List<Fact> base) {
    Set<Visit> visits = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    facts.forEach(f -> visits.add(f.visit()));
    BigDecimal visitCount = BigDecimal.valueOf(visits.size());
    return switch (m.kind()) {
      case VISITORS ->
          Value.count(facts.stream().map(f -> f.event().visitorId()).distinct().count());
      case VISITS -> Value.count(visits.size());
      case PAGEVIEWS ->
          Value.count(facts.stream().filter(f -> f.event().name().equals(Event.PAGEVIEW)).count());
      case EVENTS -> Value.count(facts.size());
      case VIEWS_PER_VISIT ->
          Value.ratio(
              BigDecimal.valueOf(visits.stream().mapToLong(v -> v.pageviews).sum()), visitCount, 2);
      case BOUNCE_RATE ->
          Value.ratio(
              BigDecimal.valueOf(100 * visits.stream().filter(v -> v.bounce).count()),
              visitCount,
              1);
      case VISIT_DURATION -> {
        // The mean in seconds of durations in microseconds: sum / (10^6 × visits).
        Value v =
            Value.ratio(
                BigDecimal.valueOf(visits.stream().mapToLong(x -> x.durationMicros).sum()),
                visitCount.multiply(BigDecimal.valueOf(1_000_000)),
                0);
        yield v.shown() == null
            ? v
            : new Value(((BigDecimal) v.shown()).longValueExact(), v.exact());
      }
      case CONVERSIONS ->
          Value.count(facts.stream().filter(f -> completesAny(f, rowGoals)).count());
      case CONVERSION_RATE -> {
        long converted =
            facts.stream()
                .filter(f -> completesAny(f, rowGoals))
                .map(f -> f.event().visitorId())
                .distinct()
                .count();
        long all = base.stream().map(f -> f.event().visitorId()).distinct().count();
        yield Value.ratio(BigDecimal.valueOf(100 * converted), BigDecimal.valueOf(all), 2);
      }
      case REVENUE ->
          Value.decimal(revenue(facts).stream().reduce(BigDecimal.ZERO, BigDecimal::add), 2);
      case ORDERS -> Value.count(revenue(facts).size());
      case AVERAGE_ORDER_VALUE -> {
        List<BigDecimal> amounts = revenue(facts);
        yield Value.ratio(
            amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add),
            BigDecimal.valueOf(amounts.size()),
            2);
      }
      case SUM, AVG, MIN, MAX, P50, P95 -> property(m, facts);
    };
  }

  private static boolean completesAny(Fact f, Set<String> goals) {
    return f.goals().stream().anyMatch(goals::contains);
  }

  private List<BigDecimal> revenue(List<Fact> facts) {
    List<BigDecimal> amounts = new ArrayList<>();
    for (Fact f : facts) {
      Event.Revenue r = f.event().revenue();
      if (r.present() && r.currency().equals(query.currency())) {
        amounts.add(r.amount());
      }
    }
    return amounts;
  }

  private static Value property(Metric m, List<Fact> facts) {
    List<BigDecimal> numbers = new ArrayList<>();
    for (Fact f : facts) {
      PropertyValue v = f.properties().get(m.property());
      if (v != null && v.number() != null) {
        numbers.add(v.number());
      }
    }
    if (numbers.isEmpty()) {
      return Value.NULL;
    }
    numbers.sort(Comparator.naturalOrder());
    BigDecimal sum = numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return switch (m.kind()) {
      case SUM -> Value.decimal(sum, 4);
      case AVG -> Value.ratio(sum, BigDecimal.valueOf(numbers.size()), 4);
      case MIN -> Value.decimal(numbers.getFirst(), 4);
      case MAX -> Value.decimal(numbers.getLast(), 4);
      case P50 -> Value.decimal(percentile(numbers, new BigDecimal("0.5")), 4);
      case P95 -> Value.decimal(percentile(numbers, new BigDecimal("0.95")), 4);
      default -> throw new AssertionError(m);
    };
  }

  /** The value at position (n − 1) × p of the sorted values, interpolated linearly. */
  static BigDecimal percentile(List<BigDecimal> sorted, BigDecimal p) {
    BigDecimal position = BigDecimal.valueOf(sorted.size() - 1).multiply(p);
    int lower = position.setScale(0, RoundingMode.FLOOR).intValueExact();
    BigDecimal fraction = position.subtract(BigDecimal.valueOf(lower));
    BigDecimal low = sorted.get(lower);
    if (fraction.signum() == 0) {
      return low;
    }
    return low.add(sorted.get(lower + 1).subtract(low).multiply(fraction));
  }

  // ---------------------------------------------------------------------------------- order

  private Comparator<Row> order() {
    List<Comparator<Row>> keys = new ArrayList<>();
    List<Dimension> dims = query.dimensions();
    List<Metric> metrics = query.metrics();
    if (query.orderBy().isEmpty()) {
      int time = -1;
      for (int i = dims.size() - 1; i >= 0; i--) {
        if (dims.get(i).isTime()) {
          time = i;
        }
      }
      keys.add(time >= 0 ? dimensionKey(time, false) : metricKey(0, true));
    } else {
      for (Order o : query.orderBy()) {
        int m = indexOf(metrics.stream().map(Metric::apiName).toList(), o.by());
        int d = indexOf(dims.stream().map(Dimension::apiName).toList(), o.by());
        if (m >= 0) {
          keys.add(metricKey(m, o.descending()));
        } else if (d >= 0) {
          keys.add(dimensionKey(d, o.descending()));
        } else {
          throw new IllegalArgumentException("cannot order by " + o.by() + ": not in the query");
        }
      }
    }
    for (int i = 0; i < dims.size(); i++) {
      keys.add(dimensionKey(i, false));
    }
    return keys.stream().reduce(Comparator::thenComparing).orElseThrow();
  }

  private static int indexOf(List<String> names, String name) {
    return names.indexOf(name);
  }

  private static Comparator<Row> dimensionKey(int i, boolean descending) {
    Comparator<Row> c = Comparator.comparing(r -> r.dimensions().get(i));
    return descending ? c.reversed() : c;
  }

  /** By the exact value; rows without a value last whichever the direction. */
  private static Comparator<Row> metricKey(int i, boolean descending) {
    return (a, b) -> {
      Fraction x = a.values().get(i).exact();
      Fraction y = b.values().get(i).exact();
      if (x == null || y == null) {
        return x == null ? (y == null ? 0 : 1) : -1;
      }
      return descending ? y.compareTo(x) : x.compareTo(y);
    };
  }
}
