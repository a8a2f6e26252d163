package io.footfall.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ClickHouse query benchmark's results as a Markdown section: per data size, how the month was
 * loaded, then per request its times over HTTP, on ClickHouse directly and on DuckDB directly, the
 * ratio HTTP ÷ ClickHouse (target ≤ {@value QueryReport#TARGET_RATIO} at p50) and which store was
 * faster by how much; then the failures, word for word.
 */
final class ClickHouseQueryReport {
  private final Report.Machine machine;
  private final QueryOptions options;
  private final ClickHouseOptions clickhouse;
  private final List<ClickHouseQueryBenchmark.SizeResult> sizes;

  ClickHouseQueryReport(
      Report.Machine machine,
      QueryOptions options,
      ClickHouseOptions clickhouse,
      List<ClickHouseQueryBenchmark.SizeResult> sizes) {
    this.machine = machine;
    this.options = options;
    this.clickhouse = clickhouse;
    this.sizes = List.copyOf(sizes);
  }

  /** A side's p-th percentile of a request, ms; NaN without times. */
  static double millis(
      ClickHouseQueryBenchmark.SizeResult size, String side, String name, double p) {
    List<Long> t = size.times().get(side).get(name);
    return t == null ? Double.NaN : QueryReport.millis(t, p);
  }

  /** HTTP ÷ ClickHouse direct at a percentile. */
  static double ratio(ClickHouseQueryBenchmark.SizeResult size, String name, double p) {
    return millis(size, "HTTP", name, p) / millis(size, "ClickHouse", name, p);
  }

  /**
   * Which store answered faster directly at p50, and by what factor: {@code "DuckDB 3.1×"}, {@code
   * "ClickHouse 1.4×"}, {@code "even"} within 5%, {@code "—"} when a side has no time.
   */
  static String faster(double duckDbMillis, double clickHouseMillis) {
    if (Double.isNaN(duckDbMillis) || Double.isNaN(clickHouseMillis)) {
      return "—";
    }
    double r = clickHouseMillis / duckDbMillis;
    if (r >= 1 / 1.05 && r <= 1.05) {
      return "even";
    }
    return r > 1 ? f("DuckDB %.1f×", r) : f("ClickHouse %.1f×", 1 / r);
  }

  /** The requests the ratio target judges: every endpoint request and the overview set. */
  static List<String> judged(ClickHouseQueryBenchmark.SizeResult size) {
    List<String> names = new ArrayList<>();
    List<StatsRequest> requests = size.requests();
    for (int i = 0; i < requests.size() - size.overviewSize(); i++) {
      names.add(requests.get(i).name());
    }
    if (size.overviewSize() > 0) {
      names.add(QueryBenchmark.OVERVIEW_SET);
    }
    return names;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        f(
            "Measured %s on %s.%s%n%n",
            machine.date(),
            machine.describe(),
            machine.load().isEmpty()
                ? ""
                : " Load average (1, 5, 15 min) when the benchmark started: "
                    + machine.load()
                    + "."));
    md.append(
        f(
            "ClickHouse: a throwaway `clickhouse-server` on loopback, `max_memory_usage` %,d MiB"
                + " and `max_threads` %d per query. One Footfall server on it"
                + " (`FOOTFALL_STORE=clickhouse`, query cache off) answered over HTTP; the same"
                + " report queries ran in the benchmark's process through `ClickHouseStore.report`"
                + " on the same ClickHouse, and through `DuckDbStore.report` on the DuckDB file"
                + " the month was generated in (rollups built). A measured run runs each request"
                + " on the three sides back to back, then the overview's requests at once each"
                + " way; the side going first rotates every run. %d unmeasured run(s) first. Times"
                + " in ms (p50 / p95, nearest rank); ratio = HTTP ÷ ClickHouse direct; faster ="
                + " DuckDB direct against ClickHouse direct at p50. Steps: the temporary tables"
                + " ClickHouse builds for the request (18.16 has no CTEs); rollups: DuckDB's"
                + " statements answered from its daily rollups.%n%n",
            clickhouse.maxMemoryMiB(), clickhouse.maxThreads(), options.warmup()));
    for (ClickHouseQueryBenchmark.SizeResult size : sizes) {
      size(md, size);
    }
    md.append("| target | goal | measured | verdict |\n| --- | --- | --- | --- |\n");
    for (ClickHouseQueryBenchmark.SizeResult size : sizes) {
      List<String> judged = judged(size);
      String worst = "";
      double worstRatio = 0;
      int within = 0;
      List<String> missing = new ArrayList<>();
      for (String name : judged) {
        double r = ratio(size, name, 50);
        if (Double.isNaN(r)) {
          missing.add(name);
          continue;
        }
        if (r <= QueryReport.TARGET_RATIO) {
          within++;
        }
        if (worst.isEmpty() || r > worstRatio) {
          worst = name;
          worstRatio = r;
        }
      }
      md.append(
          f(
              "| HTTP ÷ ClickHouse direct at p50, each request and the overview set, %s events |"
                  + " ≤ %.2f | %d of %d within; the largest %.2f (%s)%s | %s |%n",
              count(size.events()),
              QueryReport.TARGET_RATIO,
              within,
              judged.size(),
              worstRatio,
              worst,
              missing.isEmpty() ? "" : "; no ratio for " + String.join(", ", missing),
              within == judged.size() ? "met" : "missed"));
    }
    md.append('\n');
    return md.toString();
  }

  private void size(StringBuilder md, ClickHouseQueryBenchmark.SizeResult size) {
    md.append(f("##### %s events on ClickHouse%n%n", count(size.events())));
    md.append(
        f(
            "%s visits and %s live events, generated into DuckDB (rollups and checkpoint"
                + " included) in %.0f s; copied into ClickHouse through `ClickHouseStore.write` in"
                + " %,d writes in %.1f s (%s events/s), then `OPTIMIZE TABLE events FINAL` in %.1f s"
                + " (%d active part(s)). %d measured run(s).%n%n",
            count(size.visits()),
            count(size.liveEvents()),
            size.generation().toMillis() / 1e3,
            size.load().writes(),
            size.load().elapsed().toMillis() / 1e3,
            count(size.load().eventsPerSecond()),
            size.merge().toMillis() / 1e3,
            size.parts(),
            size.runs()));
    md.append(
        "| request | statements | steps | rollups | HTTP p50 | HTTP p95 | ClickHouse p50 |"
            + " ClickHouse p95 | ratio p50 | DuckDB p50 | DuckDB p95 | faster |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    List<String> names = new ArrayList<>();
    size.requests().forEach(r -> names.add(r.name()));
    if (size.overviewSize() > 0) {
      names.add(QueryBenchmark.OVERVIEW_SET);
    }
    for (String name : names) {
      boolean set = name.equals(QueryBenchmark.OVERVIEW_SET);
      md.append(
          f(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              name,
              set ? "" : String.valueOf(size.statements().getOrDefault(name, 0)),
              set ? "" : String.valueOf(size.steps().getOrDefault(name, 0)),
              set ? "" : String.valueOf(size.fromRollups().getOrDefault(name, 0L)),
              ms(millis(size, "HTTP", name, 50)),
              ms(millis(size, "HTTP", name, 95)),
              ms(millis(size, "ClickHouse", name, 50)),
              ms(millis(size, "ClickHouse", name, 95)),
              ratioText(ratio(size, name, 50)),
              ms(millis(size, "DuckDB", name, 50)),
              ms(millis(size, "DuckDB", name, 95)),
              faster(millis(size, "DuckDB", name, 50), millis(size, "ClickHouse", name, 50))));
    }
    md.append('\n');
    List<String> notes = new ArrayList<>();
    size.differences()
        .forEach(
            (side, byRequest) ->
                byRequest.forEach(
                    (name, d) -> {
                      if (!d.isEmpty()) {
                        notes.add(
                            f(
                                "- %s directly differs from HTTP on %s (%d difference(s)), e.g. %s",
                                side, name, d.size(), d.get(0)));
                      }
                    }));
    for (Map.Entry<String, Map<String, List<String>>> side : size.failures().entrySet()) {
      side.getValue()
          .forEach(
              (name, why) ->
                  notes.add(
                      f(
                          "- %s failed on %s %d time(s): %s",
                          name, side.getKey(), why.size(), oneLine(why.get(0)))));
    }
    if (notes.isEmpty()) {
      md.append("Every answer agreed with the server's, and nothing failed.\n\n");
    } else {
      md.append(String.join("\n", notes)).append("\n\n");
    }
  }

  private static String oneLine(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() <= 400 ? s : s.substring(0, 400) + "…";
  }

  private static String ratioText(double r) {
    return Double.isNaN(r) ? "—" : f("%.2f", r);
  }

  private static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "—";
    }
    return millis < 100 ? f("%.1f", millis) : f("%,.0f", millis);
  }

  private static String count(double value) {
    return f("%,.0f", value);
  }

  @SuppressWarnings("AnnotateFormatMethod") // a private shorthand; its callers pass literals
  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
