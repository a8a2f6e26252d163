package io.footfall.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The query benchmark's results as a Markdown section: per data size, each request's p50, p95 and
 * maximum over HTTP and run directly, their ratios, the overview at once and with the cache on, and
 * the targets with their verdicts.
 */
final class QueryReport {
  /** HTTP ÷ direct, for every endpoint request and the overview set, p50 and p95. */
  static final double TARGET_RATIO = 1.2;

  /** p95 of the overview set's wall time over HTTP, ms, for data sizes up to 10M events. */
  static final double TARGET_OVERVIEW_P95_MILLIS = 300;

  /** The largest data size the overview target applies to. */
  static final long OVERVIEW_TARGET_EVENTS = 10_000_000;

  private final Report.Machine machine;
  private final QueryOptions options;
  private final List<QueryBenchmark.SizeResult> sizes;

  QueryReport(Report.Machine machine, QueryOptions options, List<QueryBenchmark.SizeResult> sizes) {
    this.machine = machine;
    this.options = options;
    this.sizes = List.copyOf(sizes);
  }

  List<QueryBenchmark.SizeResult> sizes() {
    return sizes;
  }

  /** The nearest-rank percentile of the times, in ms; NaN when there are none. */
  static double millis(List<Long> nanos, double percentile) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    return Stats.percentile(nanos.stream().mapToLong(Long::longValue).toArray(), percentile) / 1e6;
  }

  /** HTTP ÷ direct of a request at a percentile. */
  static double ratio(QueryBenchmark.SizeResult size, String name, double percentile) {
    return millis(size.http().get(name), percentile) / millis(size.direct().get(name), percentile);
  }

  /**
   * The direct side compared with itself: a percentile of its runs 1–2, 5–6, 9–10, … ÷ the same of
   * its runs 3–4, 7–8, …; NaN with fewer than three runs. The side going first swaps every run, so
   * each half holds both orders; both halves measure the same thing, and how far this strays from 1
   * is what the machine alone does to a ratio at that percentile.
   */
  static double selfRatio(List<Long> nanos, double percentile) {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    for (int i = 0; i < nanos.size(); i++) {
      ((i / 2) % 2 == 0 ? first : second).add(nanos.get(i));
    }
    return millis(first, percentile) / millis(second, percentile);
  }

  /**
   * Ratios of some requests at one percentile: the largest and whose it is ({@code ""} when none
   * could be taken), how many are within the target, and the requests without a ratio.
   */
  private record Spread(String largest, double largestRatio, int within, List<String> missing) {}

  private static Spread spread(List<String> names, ToDoubleFunction<String> ratio) {
    String largest = "";
    double largestRatio = 0;
    int within = 0;
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      double r = ratio.applyAsDouble(name);
      if (Double.isNaN(r)) {
        missing.add(name);
        continue;
      }
      if (r <= TARGET_RATIO) {
        within++;
      }
      if (r > largestRatio || largest.isEmpty()) {
        largestRatio = r;
        largest = name;
      }
    }
    return new Spread(largest, largestRatio, within, missing);
  }

  /** The requests the ratio target judges: every endpoint request and the overview set. */
  static List<String> judged(QueryBenchmark.SizeResult size) {
    List<String> names = new ArrayList<>();
    List<StatsRequest> requests = size.requests();
    for (int i = 0; i < requests.size() - size.overviewSize(); i++) {
      names.add(requests.get(i).name());
    }
    names.add(QueryBenchmark.OVERVIEW_SET);
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
    QueryBenchmark.SizeResult first = sizes.get(0);
    md.append(
        f(
            "Data: one site's events in %s (site time zone %s, currency EUR), plus live events"
                + " around the run for `realtime`. One server, its query cache off"
                + " (`FOOTFALL_QUERY_CACHE_ENTRIES=0`), answered over HTTP while the same"
                + " statements ran directly on a copy of its store file in the benchmark's"
                + " process. A measured run sends every request over HTTP and runs it directly,"
                + " back to back, then the overview's %d requests at once each way; the side going"
                + " first swaps every run. Each side began with %d unmeasured run(s) of"
                + " everything; %d runs were measured. Times in ms: p50, p95 (nearest rank; with %d"
                + " runs, p95 is the %s) and max; ratio = HTTP ÷ direct.%n%n",
            options.month(),
            options.zone(),
            first.overviewSize(),
            options.warmup(),
            options.runs(),
            options.runs(),
            options.runs() < 20 ? "slowest run" : "slowest but " + (options.runs() / 20)));
    for (QueryBenchmark.SizeResult size : sizes) {
      size(md, size);
    }
    md.append("| target | goal | measured | verdict |\n| --- | --- | --- | --- |\n");
    for (QueryBenchmark.SizeResult size : sizes) {
      for (double p : new double[] {50, 95}) {
        List<String> judged = judged(size);
        Spread spread = spread(judged, name -> ratio(size, name, p));
        String worst = spread.largest();
        double worstRatio = spread.largestRatio();
        int within = spread.within();
        List<String> failed = spread.missing();
        String verdict =
            within == judged.size()
                ? "met"
                : worstRatio > TARGET_RATIO
                    ? missedBy(worstRatio, TARGET_RATIO)
                    : "missed (failed over HTTP)";
        md.append(
            f(
                "| HTTP ÷ direct at p%.0f, each request and the overview set, %s events | ≤ %.2f |"
                    + " %d of %d within; the largest %.2f (%s: %.1f ÷ %.1f ms)%s | %s |%n",
                p,
                count(size.events()),
                TARGET_RATIO,
                within,
                judged.size(),
                worstRatio,
                worst,
                millis(size.http().get(worst), p),
                millis(size.direct().get(worst), p),
                failed.isEmpty() ? "" : "; no HTTP time for " + String.join(", ", failed),
                verdict));
      }
      double p95 = millis(size.http().get(QueryBenchmark.OVERVIEW_SET), 95);
      boolean judgedSize = size.events() <= OVERVIEW_TARGET_EVENTS;
      md.append(
          f(
              "| overview set over HTTP, p95, %s events | %s | %s | %s |%n",
              count(size.events()),
              judgedSize ? f("< %.0f ms", TARGET_OVERVIEW_P95_MILLIS) : "(none above 10M)",
              Double.isNaN(p95) ? "no load completed" : f("%.1f ms", p95),
              Double.isNaN(p95)
                  ? "failed"
                  : !judgedSize
                      ? "—"
                      : p95 < TARGET_OVERVIEW_P95_MILLIS
                          ? "met"
                          : missedBy(p95, TARGET_OVERVIEW_P95_MILLIS)));
    }
    md.append('\n');
    for (QueryBenchmark.SizeResult size : sizes) {
      md.append(noiseFloor(size));
    }
    return md.toString();
  }

  /**
   * How far the direct side's ratio with itself strays, for the requests the target judges: the
   * noise a ratio of this run carries.
   */
  static String noiseFloor(QueryBenchmark.SizeResult size) {
    StringBuilder out =
        new StringBuilder(
            f(
                "Noise at %s events: the direct side against itself (its runs 1–2, 5–6, … ÷ its"
                    + " runs 3–4, 7–8, …, each half with both orders, taken the larger way round)"
                    + " for the same %d requests:",
                count(size.events()), judged(size).size()));
    String sep = "";
    List<String> judged = judged(size);
    for (double p : new double[] {50, 95}) {
      Spread spread =
          spread(
              judged,
              name -> {
                double r = selfRatio(size.direct().get(name), p);
                return Double.isNaN(r) ? r : Math.max(r, 1 / r);
              });
      int beyond = judged.size() - spread.within() - spread.missing().size();
      out.append(sep);
      sep = ";";
      out.append(
          spread.largest().isEmpty()
              ? f(" at p%.0f not measured (fewer than three runs)", p)
              : f(
                  " at p%.0f the largest %.2f (%s), %d beyond %.2f",
                  p, spread.largestRatio(), spread.largest(), beyond, TARGET_RATIO));
    }
    return out.append(".\n\n").toString();
  }

  private void size(StringBuilder md, QueryBenchmark.SizeResult size) {
    md.append(f("#### %s events%n%n", count(size.events())));
    md.append(
        f(
            "%s visits in the month and %s live events; generated, with goals and a checkpoint,"
                + " in %.0f s; store file %s MiB.%n%n",
            count(size.visits()),
            count(size.liveEvents()),
            size.generation().toMillis() / 1e3,
            count(size.fileBytes() / (double) (1 << 20))));
    md.append(
        "| request | statements | rows | HTTP p50 | HTTP p95 | HTTP max | direct p50 | direct p95 |"
            + " direct max | ratio p50 | ratio p95 |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    int endpoints = size.requests().size() - size.overviewSize();
    for (int i = 0; i < size.requests().size(); i++) {
      String name = size.requests().get(i).name();
      row(
          md,
          i < endpoints ? name : name + " (in the set)",
          size,
          name,
          String.valueOf(size.statements().get(name)),
          String.valueOf(size.rows().get(name)));
    }
    int total = 0;
    for (int i = endpoints; i < size.requests().size(); i++) {
      total += size.statements().get(size.requests().get(i).name());
    }
    row(
        md,
        "**" + QueryBenchmark.OVERVIEW_SET + "**",
        size,
        QueryBenchmark.OVERVIEW_SET,
        "" + total,
        "");
    md.append('\n');
    if (size.cacheFailures() > 0) {
      md.append(
          f(
              "With the query cache on, %d request(s) of the overview's %d loads failed; %d"
                  + " load(s) after the first completed%s.%n%n",
              size.cacheFailures(),
              options.cacheLoads() + 1,
              size.cachedNanos().size(),
              size.cachedNanos().isEmpty()
                  ? ""
                  : f(", p50 %.1f ms", millis(size.cachedNanos(), 50))));
    } else if (size.cachedFirstNanos() >= 0) {
      md.append(
          f(
              "With the query cache on (server defaults), the overview's second and later loads"
                  + " took p50 %.1f ms, p95 %.1f ms (%d loads; the first load, which fills the"
                  + " cache, %.1f ms).%n%n",
              millis(size.cachedNanos(), 50),
              millis(size.cachedNanos(), 95),
              size.cachedNanos().size(),
              size.cachedFirstNanos() / 1e6));
    }
    if (!size.httpFailures().isEmpty()) {
      md.append("Requests that failed over HTTP (measured and warm-up runs):\n\n");
      size.httpFailures()
          .forEach(
              (name, why) ->
                  md.append(
                      f(
                          "- %s: %d time(s), e.g. %s%n",
                          name, why.size(), why.get(0).replaceAll("https?://\\S+", "<url>"))));
      md.append('\n');
    }
    md.append(
        f(
            "Slowest endpoint requests run directly (p50): %s.%n%n",
            String.join(
                ", ",
                size.slowest().stream()
                    .map(n -> f("%s %s ms", n, ms(millis(size.direct().get(n), 50))))
                    .toList())));
    long disagreeing = size.differences().values().stream().filter(d -> !d.isEmpty()).count();
    if (disagreeing == 0) {
      md.append(
          f(
              "HTTP and direct answers agree (same rows, same values) for all %d requests.%n%n",
              size.differences().size()));
    } else {
      md.append(
          f(
              "MISMATCH: HTTP and direct answers differ for %d of %d requests:%n%n",
              disagreeing, size.differences().size()));
      for (Map.Entry<String, List<String>> e : size.differences().entrySet()) {
        for (String d : e.getValue().subList(0, Math.min(3, e.getValue().size()))) {
          md.append("- ").append(e.getKey()).append(": ").append(d).append('\n');
        }
      }
      md.append('\n');
    }
  }

  private static void row(
      StringBuilder md,
      String label,
      QueryBenchmark.SizeResult size,
      String name,
      String statements,
      String rows) {
    List<Long> http = size.http().get(name);
    List<Long> direct = size.direct().get(name);
    md.append(
        f(
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            label,
            statements,
            rows,
            ms(millis(http, 50)),
            ms(millis(http, 95)),
            ms(millis(http, 100)),
            ms(millis(direct, 50)),
            ms(millis(direct, 95)),
            ms(millis(direct, 100)),
            ratioText(size, name, 50),
            ratioText(size, name, 95)));
  }

  /** The requests as sent, for the documentation. */
  String requests() {
    StringBuilder md = new StringBuilder();
    for (StatsRequest r : sizes.get(0).requests()) {
      md.append("- ").append(r.name()).append(": `").append(r.shown()).append("`\n");
    }
    return md.toString();
  }

  private static String ratioText(QueryBenchmark.SizeResult size, String name, double p) {
    double r = ratio(size, name, p);
    return Double.isNaN(r) ? "—" : f("%.2f", r);
  }

  private static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "failed";
    }
    return millis >= 100 ? f("%.0f", millis) : millis >= 10 ? f("%.1f", millis) : f("%.2f", millis);
  }

  private static String count(double value) {
    return f("%,.0f", value);
  }

  private static String missedBy(double measured, double goal) {
    return f("missed by %.0f%%", (measured / goal - 1) * 100);
  }

  @SuppressWarnings("AnnotateFormatMethod") // a private shorthand; its callers pass literals
  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
