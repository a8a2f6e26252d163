package io.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import io.footfall.core.query.ReportQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The report queries the server ran for one request, rebuilt from its answer: the answer echoes the
 * query as the server understood it ({@code query}: metrics, the resolved range, dimensions,
 * filters, order, page) and says the site's time zone, currency and the compared range ({@code
 * meta}). The server's {@code QueryService} turns exactly that into one {@link ReportQuery}, and a
 * second one over the compared range (all rows, first page) when the request compares; compiling
 * them with {@code DuckDbStore.queryCompiler()} gives the statements the server ran.
 *
 * @param queries the report queries, in the order the server runs them
 * @param moving whether the range follows the clock ({@code realtime}, {@code 30m}): the direct
 *     runs then move it to end at their own start, keeping its length
 */
record ServedStatements(List<ReportQuery> queries, boolean moving) {

  ServedStatements {
    queries = List.copyOf(queries);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("a request runs at least one report query");
    }
  }

  /**
   * Reads an answer of {@code POST /api/query} or {@code GET /api/stats/*}.
   *
   * @param goals the site's goals, as the server's metadata store lists them
   * @param movingRange whether the request's range follows the clock
   * @throws BenchException if the answer lacks a part or names something unknown
   */
  static ServedStatements fromAnswer(JsonNode answer, List<Goal> goals, boolean movingRange) {
    JsonNode q = answer.path("query");
    JsonNode meta = answer.path("meta");
    String siteId = required(q, "site_id").asText();
    ZoneId zone = ZoneId.of(required(meta, "time_zone").asText());
    String currency = required(meta, "currency").asText();
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode m : required(q, "metrics")) {
      metrics.add(metric(m.asText()));
    }
    List<Dimension> dimensions = new ArrayList<>();
    for (JsonNode d : q.path("dimensions")) {
      dimensions.add(dimension(d.asText()));
    }
    List<Filter> filters = new ArrayList<>();
    for (JsonNode f : q.path("filters")) {
      filters.add(filter(f));
    }
    List<Order> orderBy = new ArrayList<>();
    for (JsonNode o : q.path("order_by")) {
      orderBy.add(new Order(o.path(0).asText(), o.path(1).asText().equals("desc")));
    }
    JsonNode range = required(q, "date_range");
    JsonNode page = required(q, "pagination");
    List<ReportQuery> queries = new ArrayList<>();
    queries.add(
        new ReportQuery(
            siteId,
            zone,
            instant(range.path(0)),
            instant(range.path(1)),
            currency,
            metrics,
            dimensions,
            filters,
            goals,
            orderBy,
            required(page, "limit").asInt(),
            required(page, "offset").asInt()));
    JsonNode compared = meta.path("comparison").path("date_range");
    if (!compared.isMissingNode()) {
      queries.add(
          new ReportQuery(
              siteId,
              zone,
              instant(compared.path(0)),
              instant(compared.path(1)),
              currency,
              metrics,
              dimensions,
              filters,
              goals,
              orderBy,
              ReportQuery.MAX_LIMIT,
              0));
    }
    return new ServedStatements(queries, movingRange);
  }

  /** The queries for a run starting now: moving ranges end now, fixed ones are as served. */
  List<ReportQuery> at(Instant now) {
    if (!moving) {
      return queries;
    }
    List<ReportQuery> out = new ArrayList<>();
    for (ReportQuery q : queries) {
      out.add(q.withRange(now.minus(Duration.between(q.from(), q.to())), now));
    }
    return out;
  }

  private static Metric metric(String name) {
    int colon = name.indexOf(':');
    String kind = colon < 0 ? name : name.substring(0, colon);
    Metric.Kind k =
        Metric.Kind.byApiName(kind)
            .orElseThrow(() -> new BenchException("the answer names an unknown metric " + name));
    return colon < 0 ? Metric.of(k) : new Metric(k, name.substring(colon + 1));
  }

  private static Dimension dimension(String name) {
    return Dimension.byApiName(name)
        .orElseThrow(() -> new BenchException("the answer names an unknown dimension " + name));
  }

  /** {@code [op, dimension, [values]]}; {@code visit:page} and the like keep whole visits. */
  private static Filter filter(JsonNode f) {
    String opName = f.path(0).asText();
    Filter.Op op =
        Filter.Op.byApiName(opName)
            .orElseThrow(() -> new BenchException("the answer names an unknown operator " + f));
    String name = f.path(1).asText();
    Dimension d;
    boolean wholeVisits;
    if (name.startsWith("visit:")
        && Dimension.byApiName(name)
            .filter(x -> x.kind().level() == Dimension.Level.VISIT)
            .isEmpty()) {
      d = dimension("event:" + name.substring("visit:".length()));
      wholeVisits = true;
    } else {
      d = dimension(name);
      wholeVisits = false;
    }
    List<String> values = new ArrayList<>();
    f.path(2).forEach(v -> values.add(v.asText()));
    return new Filter(op, d, wholeVisits, values);
  }

  private static Instant instant(JsonNode node) {
    return OffsetDateTime.parse(Objects.requireNonNull(node.textValue(), "date")).toInstant();
  }

  private static JsonNode required(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      throw new BenchException("the answer lacks '" + field + "': " + parent);
    }
    return n;
  }
}
