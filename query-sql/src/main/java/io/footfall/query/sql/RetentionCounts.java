package io.footfall.query.sql;

import io.footfall.core.people.Retention;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stores' retention statements share: how a local time becomes a period number, the zone's
 * offsets over the statement's span, and how counts per (cohort, period) become the answer.
 *
 * <p>A period number is the local epoch day for days, {@code floor((epoch day + 3) / 7)} for ISO
 * weeks (day 0, 1970-01-01, was a Thursday, so a week's number changes on Mondays), and {@code year
 * * 12 + month - 1} for months. Counting periods between a cohort and a return is subtracting
 * numbers.
 */
public final class RetentionCounts {
  private RetentionCounts() {}

  /**
   * The zone's offset in seconds over {@code [from, to)}: the transitions inside it (the offset
   * before each applies to times before it) and the offset after the last, for a {@code CASE}.
   *
   * @param changes the transitions, earliest first: (instant, offset before in seconds)
   * @param last the offset after the last transition (or throughout, with none)
   */
  public record Offsets(List<Map.Entry<Instant, Integer>> changes, int last) {}

  /** The zone's offsets over the query's events, from its range's start to its horizon. */
  public static Offsets offsets(Retention.Query q) {
    ZoneRules rules = q.zone().getRules();
    List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
    Instant end = q.horizon();
    ZoneOffsetTransition t = rules.nextTransition(q.from());
    int last = rules.getOffset(q.from()).getTotalSeconds();
    while (t != null && t.getInstant().isBefore(end)) {
      changes.add(Map.entry(t.getInstant(), t.getOffsetBefore().getTotalSeconds()));
      last = t.getOffsetAfter().getTotalSeconds();
      t = rules.nextTransition(t.getInstant());
    }
    return new Offsets(changes, last);
  }

  /** The first local day of the period with this number. */
  public static LocalDate start(Retention.Period period, long number) {
    return switch (period) {
      case DAY -> LocalDate.ofEpochDay(number);
      case WEEK -> LocalDate.ofEpochDay(number * 7 - 3);
      case MONTH -> LocalDate.of((int) Math.floorDiv(number, 12), Math.floorMod(number, 12) + 1, 1);
    };
  }

  /**
   * A row of a store's statement.
   *
   * @param group the breakdown's value ({@code ""} without; an empty source is given as empty too)
   * @param cohort the cohort's period number
   * @param k the period after the cohort's
   * @param people how many
   */
  public record Row(String group, long cohort, long k, long people) {}

  /**
   * The answer from a statement's rows {@code (group, cohort number, k, people)}: for {@link
   * Retention.Mode#ON}, the people counted in period {@code k} (k = 0: the cohort's size); for
   * {@link Retention.Mode#ON_OR_AFTER}, the people whose latest return is in period {@code k} (0:
   * no return in periods 1 to the last), summed here over the later periods.
   */
  public static Retention.Result assemble(Retention.Query q, List<Row> rows) {
    TreeMap<String, TreeMap<Long, long[]>> byGroup = new TreeMap<>();
    for (Row r : rows) {
      int k = Math.toIntExact(r.k());
      if (k < 0 || k > q.periods()) {
        throw new IllegalStateException("a retention row of period " + k);
      }
      String group =
          q.breakdown() == Retention.Breakdown.NONE
              ? ""
              : r.group().isEmpty() ? io.footfall.core.query.Filter.NONE : r.group();
      byGroup.computeIfAbsent(group, g -> new TreeMap<>())
              .computeIfAbsent(r.cohort(), c -> new long[q.periods() + 1])[k] +=
          r.people();
    }
    List<Retention.Cohort> cohorts = new ArrayList<>();
    byGroup.forEach(
        (group, byCohort) ->
            byCohort.forEach(
                (number, counts) -> {
                  if (q.mode() == Retention.Mode.ON_OR_AFTER) {
                    for (int k = counts.length - 2; k >= 0; k--) {
                      counts[k] += counts[k + 1];
                    }
                  }
                  cohorts.add(Retention.cohort(q, group, start(q.period(), number), counts));
                }));
    return new Retention.Result(cohorts);
  }
}
