package io.footfall.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the JSON query model (Plausible's Stats API v2 shape) and checks it, naming the field at
 * fault: {@code metrics[2]}, {@code filters[0][1]}, {@code pagination.limit}.
 */
final class QueryParser {
  static final int MAX_METRICS = 20;
  static final int MAX_DIMENSIONS = 3;
  static final int MAX_FILTERS = 20;
  static final int MAX_REGEX_LENGTH = 500;
  static final int DEFAULT_LIMIT = 10_000;

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "site_id",
          "metrics",
          "date_range",
          "dimensions",
          "filters",
          "order_by",
          "include",
          "pagination",
          "relative_date");

  private QueryParser() {}

  static StatsQuery parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new QueryException("body", "the query must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!TOP_LEVEL.contains(name)) {
        throw new QueryException(
            name,
            "unknown field '"
                + name
                + "'; a query has "
                + TOP_LEVEL.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    String siteId = text(body.get("site_id"), "site_id");
    List<Metric> metrics = metrics(body.get("metrics"));
    DateSpec range = dateRange(body.get("date_range"));
    List<Dimension> dimensions = dimensions(body.get("dimensions"));
    Optional<String> segment = segment(body.get("filters"));
    List<Filter> filters = filters(body.get("filters"));
    JsonNode include = body.get("include");
    Optional<StatsQuery.Comparison> comparison = Optional.empty();
    boolean timeLabels = false;
    boolean totalRows = false;
    if (include != null && !include.isNull()) {
      if (!include.isObject()) {
        throw new QueryException("include", "include must be an object");
      }
      for (Iterator<String> it = include.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        switch (name) {
          case "comparisons" -> comparison = comparison(include.get(name));
          case "time_labels" -> timeLabels = bool(include.get(name), "include.time_labels");
          case "total_rows" -> totalRows = bool(include.get(name), "include.total_rows");
          default ->
              throw new QueryException(
                  "include." + name,
                  "unknown field 'include."
                      + name
                      + "'; include has comparisons, time_labels,"
                      + " total_rows");
        }
      }
    }
    int limit = DEFAULT_LIMIT;
    int offset = 0;
    JsonNode page = body.get("pagination");
    if (page != null && !page.isNull()) {
      if (!page.isObject()) {
        throw new QueryException("pagination", "pagination must be {\"limit\": n, \"offset\": n}");
      }
      if (page.has("limit")) {
        limit = integer(page.get("limit"), "pagination.limit", 1, DEFAULT_LIMIT);
      }
      if (page.has("offset")) {
        offset = integer(page.get("offset"), "pagination.offset", 0, 1_000_000);
      }
    }
    List<Order> orderBy = orderBy(body.get("order_by"), metrics, dimensions);
    Optional<LocalDate> relative = Optional.empty();
    JsonNode rel = body.get("relative_date");
    if (rel != null && !rel.isNull()) {
      relative = Optional.of(date(rel, "relative_date"));
    }
    checkGoalMetrics(metrics, dimensions, filters);
    if (timeLabels && dimensions.stream().noneMatch(Dimension::isTime)) {
      throw new QueryException(
          "include.time_labels", "time_labels needs a time dimension (time:day, time:hour, ...)");
    }
    return new StatsQuery(
        siteId,
        metrics,
        range,
        dimensions,
        filters,
        orderBy,
        comparison,
        timeLabels,
        totalRows,
        limit,
        offset,
        relative,
        segment);
  }

  /**
   * The cohort of a {@code ["is", "segment", ["<cohort id>"]]} filter, if the filters have one (at
   * most one, with one id): the report then counts only the cohort's members' events.
   */
  private static Optional<String> segment(JsonNode node) {
    Optional<String> found = Optional.empty();
    if (node == null || !node.isArray()) {
      return found;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode f = node.get(i);
      if (!isSegment(f)) {
        continue;
      }
      String field = "filters[" + i + "]";
      if (found.isPresent()) {
        throw new QueryException(field, "a query takes one segment filter, not several");
      }
      if (!f.get(0).isTextual() || !f.get(0).textValue().equals("is")) {
        throw new QueryException(
            field + "[0]", "a segment filter is [\"is\", \"segment\", [\"<cohort id>\"]]");
      }
      JsonNode values = f.get(2);
      if (values == null
          || !values.isArray()
          || values.size() != 1
          || !values.get(0).isTextual()
          || values.get(0).textValue().isBlank()) {
        throw new QueryException(field + "[2]", "a segment filter names one cohort id");
      }
      found = Optional.of(values.get(0).textValue().strip());
    }
    return found;
  }

  private static boolean isSegment(JsonNode f) {
    return f != null
        && f.isArray()
        && f.size() == 3
        && f.get(1) != null
        && f.get(1).isTextual()
        && f.get(1).textValue().equals("segment");
  }

  private static List<Metric> metrics(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new QueryException(
          "metrics",
          "metrics must be a non-empty list, e.g. [\"visitors\", \"pageviews\"]; metrics are "
              + metricNames());
    }
    if (node.size() > MAX_METRICS) {
      throw new QueryException(
          "metrics", "at most " + MAX_METRICS + " metrics per query, was " + node.size());
    }
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "metrics[" + i + "]";
      String name = text(node.get(i), field);
      Metric m = metric(name, field);
      if (out.contains(m)) {
        throw new QueryException(field, "metric '" + name + "' is asked for twice");
      }
      out.add(m);
    }
    return out;
  }

  static Metric metric(String name, String field) {
    int colon = name.indexOf(':');
    String kindName = colon < 0 ? name : name.substring(0, colon);
    Optional<Metric.Kind> kind = Metric.Kind.byApiName(kindName);
    if (kind.isEmpty()) {
      throw new QueryException(
          field, "unknown metric '" + name + "'; metrics are " + metricNames());
    }
    if (kind.get().ofProperty()) {
      String key = colon < 0 ? "" : name.substring(colon + 1);
      if (!Dimension.PROPERTY_KEY.matcher(key).matches()) {
        throw new QueryException(
            field,
            "'"
                + name
                + "' must name a custom property as "
                + kindName
                + ":<key>, the key 1 to 64 letters, digits, '_', '.', '$' or '-'");
      }
      return new Metric(kind.get(), key);
    }
    if (colon >= 0) {
      throw new QueryException(field, "metric '" + kindName + "' takes no property");
    }
    return Metric.of(kind.get());
  }

  static String metricNames() {
    return Arrays.stream(Metric.Kind.values())
        .map(k -> k.ofProperty() ? k.apiName() + ":<key>" : k.apiName())
        .collect(Collectors.joining(", "));
  }

  static DateSpec dateRange(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new QueryException(
          "date_range",
          "date_range is required: "
              + String.join(", ", DateRanges.NAMES)
              + ", or [\"2026-01-01\", \"2026-01-31\"]");
    }
    if (node.isTextual()) {
      return new DateSpec.Named(node.textValue());
    }
    if (!node.isArray() || node.size() != 2) {
      throw new QueryException(
          "date_range", "date_range must be a name like \"7d\" or a list of two dates");
    }
    String a = text(node.get(0), "date_range[0]");
    String b = text(node.get(1), "date_range[1]");
    if (a.length() == 10 && b.length() == 10) {
      LocalDate first = date(node.get(0), "date_range[0]");
      LocalDate last = date(node.get(1), "date_range[1]");
      if (last.isBefore(first)) {
        throw new QueryException(
            "date_range", "the last day " + last + " is before the first " + first);
      }
      if (first.plusYears(20).isBefore(last)) {
        throw new QueryException("date_range", "a date range may span at most 20 years");
      }
      return new DateSpec.Days(first, last);
    }
    LocalDateTime from = dateTime(a, "date_range[0]");
    LocalDateTime to = dateTime(b, "date_range[1]");
    if (!to.isAfter(from)) {
      throw new QueryException("date_range", "the end " + to + " must be after the start " + from);
    }
    return new DateSpec.Times(from, to);
  }

  private static List<Dimension> dimensions(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new QueryException("dimensions", "dimensions must be a list");
    }
    if (node.size() > MAX_DIMENSIONS) {
      throw new QueryException(
          "dimensions", "at most " + MAX_DIMENSIONS + " dimensions per query, was " + node.size());
    }
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "dimensions[" + i + "]";
      Dimension d = dimension(text(node.get(i), field), field);
      if (out.contains(d)) {
        throw new QueryException(field, "dimension '" + d.apiName() + "' is asked for twice");
      }
      if (d.isTime() && out.stream().anyMatch(Dimension::isTime)) {
        throw new QueryException(field, "at most one time dimension per query");
      }
      out.add(d);
    }
    return out;
  }

  static Dimension dimension(String name, String field) {
    return Dimension.byApiName(name)
        .orElseThrow(
            () ->
                new QueryException(
                    field,
                    "unknown dimension '"
                        + name
                        + "'; dimensions are "
                        + String.join(", ", Dimension.apiNames())));
  }

  private static List<Filter> filters(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new QueryException(
          "filters", "filters must be a list of [operator, dimension, [values]]");
    }
    if (node.size() > MAX_FILTERS) {
      throw new QueryException(
          "filters", "at most " + MAX_FILTERS + " filters per query, was " + node.size());
    }
    List<Filter> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!isSegment(node.get(i))) {
        out.add(filter(node.get(i), "filters[" + i + "]"));
      }
    }
    return out;
  }

  static Filter filter(JsonNode f, String field) {
    if (f == null || !f.isArray() || f.size() != 3) {
      throw new QueryException(
          field,
          field
              + " must be [operator, dimension, [values]], e.g. [\"is\", \"visit:source\", [\"Google\"]]");
    }
    String opName = text(f.get(0), field + "[0]");
    Filter.Op op =
        Filter.Op.byApiName(opName)
            .orElseThrow(
                () ->
                    new QueryException(
                        field + "[0]",
                        "unknown operator '"
                            + opName
                            + "'; operators are is, is_not, in, contains, does_not_contain,"
                            + " matches, does_not_match"));
    String dimName = text(f.get(1), field + "[1]");
    boolean wholeVisits = false;
    String lookup = dimName;
    if (dimName.startsWith("visit:")) {
      Optional<Dimension> asVisit = Dimension.byApiName(dimName);
      if (asVisit.isEmpty() || asVisit.get().kind().level() != Dimension.Level.VISIT) {
        // visit:page, visit:props:plan, ...: whole visits with a matching event
        lookup = "event:" + dimName.substring("visit:".length());
        wholeVisits = true;
      }
    }
    Optional<Dimension> found = Dimension.byApiName(lookup);
    if (found.isEmpty() || (wholeVisits && found.get().kind().level() != Dimension.Level.EVENT)) {
      throw new QueryException(
          field + "[1]",
          "unknown dimension '"
              + dimName
              + "'; filters take "
              + String.join(", ", Dimension.apiNames())
              + ", and visit:<event dimension> (visit:page, visit:props:<key>, ...) for whole"
              + " visits");
    }
    Dimension d = found.get();
    if (d.isTime()) {
      throw new QueryException(
          field + "[1]", "time is filtered by date_range, not by a filter on " + dimName);
    }
    JsonNode values = f.get(2);
    if (values == null || !values.isArray() || values.isEmpty()) {
      throw new QueryException(field + "[2]", "the values must be a non-empty list");
    }
    if (values.size() > Filter.MAX_VALUES) {
      throw new QueryException(
          field + "[2]",
          "at most " + Filter.MAX_VALUES + " values per filter, was " + values.size());
    }
    List<String> list = new ArrayList<>();
    for (int j = 0; j < values.size(); j++) {
      String vf = field + "[2][" + j + "]";
      JsonNode v = values.get(j);
      if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
        throw new QueryException(vf, "filter values must be strings");
      }
      String s = v.asText();
      if (s.length() > Filter.MAX_VALUE_LENGTH) {
        throw new QueryException(
            vf,
            "a filter value may have at most "
                + Filter.MAX_VALUE_LENGTH
                + " characters, had "
                + s.length());
      }
      if (op.positive() == Filter.Op.MATCHES) {
        if (s.length() > MAX_REGEX_LENGTH) {
          throw new QueryException(
              vf,
              "a pattern may have at most " + MAX_REGEX_LENGTH + " characters, had " + s.length());
        }
        try {
          Pattern.compile(s);
        } catch (PatternSyntaxException e) {
          throw new QueryException(vf, "not a valid regular expression: " + e.getDescription());
        }
        java.util.Optional<String> unsupported = Re2Syntax.unsupported(s);
        if (unsupported.isPresent()) {
          throw new QueryException(
              vf,
              "the pattern cannot run in the event store: "
                  + unsupported.get()
                  + " (patterns use RE2 syntax)");
        }
      }
      list.add(s);
    }
    return new Filter(op, d, wholeVisits, list);
  }

  private static List<Order> orderBy(JsonNode node, List<Metric> metrics, List<Dimension> dims) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new QueryException("order_by", "order_by must be a list of [name, \"asc\"|\"desc\"]");
    }
    Set<String> names = new HashSet<>();
    metrics.forEach(m -> names.add(m.apiName()));
    dims.forEach(d -> names.add(d.apiName()));
    List<Order> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "order_by[" + i + "]";
      JsonNode o = node.get(i);
      if (o == null || !o.isArray() || o.size() != 2) {
        throw new QueryException(field, field + " must be [name, \"asc\"|\"desc\"]");
      }
      String by = text(o.get(0), field + "[0]");
      Optional<Dimension> asDim = Dimension.byApiName(by);
      if (asDim.isPresent()) {
        by = asDim.get().apiName();
      }
      if (!names.contains(by)) {
        throw new QueryException(
            field + "[0]", "'" + by + "' is neither a metric nor a dimension of this query");
      }
      String dir = text(o.get(1), field + "[1]");
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw new QueryException(field + "[1]", "the direction must be asc or desc, was " + dir);
      }
      out.add(new Order(by, dir.equals("desc")));
    }
    return out;
  }

  private static Optional<StatsQuery.Comparison> comparison(JsonNode node) {
    if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
      return Optional.empty();
    }
    if (!node.isObject() || !node.has("mode")) {
      throw new QueryException(
          "include.comparisons",
          "comparisons must be {\"mode\": \"previous_period\"} or {\"mode\": \"year_over_year\"}");
    }
    String mode = text(node.get("mode"), "include.comparisons.mode");
    for (StatsQuery.Comparison c : StatsQuery.Comparison.values()) {
      if (c.apiName.equals(mode)) {
        return Optional.of(c);
      }
    }
    throw new QueryException(
        "include.comparisons.mode",
        "the comparison mode must be previous_period or year_over_year, was '" + mode + "'");
  }

  private static void checkGoalMetrics(
      List<Metric> metrics, List<Dimension> dims, List<Filter> filters) {
    boolean goalDim = dims.stream().anyMatch(d -> d.kind() == Dimension.Kind.GOAL);
    boolean goalFilter =
        filters.stream()
            .anyMatch(f -> f.dimension().kind() == Dimension.Kind.GOAL && !f.op().negated());
    for (int i = 0; i < metrics.size(); i++) {
      if (metrics.get(i).kind().needsGoal() && !goalDim && !goalFilter) {
        throw new QueryException(
            "metrics[" + i + "]",
            metrics.get(i).apiName()
                + " needs a goal: add the dimension event:goal or a filter [\"is\", \"event:goal\","
                + " [\"<goal name>\"]]");
      }
    }
  }

  static String text(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw new QueryException(field, field + " is required");
    }
    if (!node.isTextual()) {
      throw new QueryException(field, field + " must be a string");
    }
    return node.textValue();
  }

  private static boolean bool(JsonNode node, String field) {
    if (node == null || !node.isBoolean()) {
      throw new QueryException(field, field + " must be true or false");
    }
    return node.booleanValue();
  }

  private static int integer(JsonNode node, String field, int min, int max) {
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new QueryException(field, field + " must be a whole number from " + min + " to " + max);
    }
    int v = node.intValue();
    if (v < min || v > max) {
      throw new QueryException(field, field + " must be from " + min + " to " + max + ", was " + v);
    }
    return v;
  }

  private static LocalDate date(JsonNode node, String field) {
    String s = text(node, field);
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new QueryException(field, field + " must be a date like 2026-01-31, was '" + s + "'");
    }
  }

  private static LocalDateTime dateTime(String s, String field) {
    try {
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new QueryException(
          field,
          field
              + " must be a date (2026-01-31) or a local date-time (2026-01-31T10:00:00), was '"
              + s
              + "'");
    }
  }
}
