package io.footfall.core.people;

import io.footfall.core.Event;
import io.footfall.core.query.EventFilterOracle;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link io.footfall.core.EventStore#retention} must answer, computed in plain Java from
 * everything written, sharing no code with any store: docs/metrics.md's "Retention" written out
 * once more, person by person, with dates rather than period numbers.
 */
public final class RetentionOracle {
  private final List<Event> events = new ArrayList<>();
  private final List<PersonUpdate> updates = new ArrayList<>();
  private final PeopleOracle people = new PeopleOracle();

  /** Remembers what a store was given. */
  public void written(List<Event> batchEvents, List<PersonUpdate> batchUpdates) {
    events.addAll(batchEvents);
    updates.addAll(batchUpdates);
    people.written(batchEvents, batchUpdates);
  }

  /** The group of a person: the breakdown's value, (none) for none or an empty text. */
  private String group(Retention.Query q, String person, Event first) {
    String text =
        switch (q.breakdown()) {
          case NONE -> null;
          case SOURCE -> first.page().source();
          case PROPERTY ->
              people
                  .profile(q.siteId(), person)
                  .map(p -> p.properties().get(q.property()))
                  .map(PropertyChange::text)
                  .orElse("");
        };
    if (text == null) {
      return "";
    }
    return text.isEmpty() ? io.footfall.core.query.Filter.NONE : text;
  }

  public Retention.Result retention(Retention.Query q) {
    if (q.segment().isPresent()) {
      // A segment's retention is everyone's retention over the members' events alone.
      CohortOracle cohorts = new CohortOracle();
      cohorts.written(events, updates);
      RetentionOracle members = new RetentionOracle();
      members.written(cohorts.eventsOfMembers(q.segment().get()), updates);
      return members.retention(
          new Retention.Query(
              q.siteId(),
              q.from(),
              q.to(),
              q.zone(),
              q.start(),
              q.returning(),
              q.period(),
              q.periods(),
              q.mode(),
              q.goals(),
              q.now(),
              q.breakdown(),
              q.property()));
    }
    // The person each visitor is linked to: the first link by time, then event id.
    Map<Long, PersonUpdate> firstLink = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(q.siteId()) && u.linkedVisitorId() != 0) {
        firstLink.merge(
            u.linkedVisitorId(),
            u,
            (a, b) -> {
              int c = a.at().compareTo(b.at());
              if (c == 0) {
                c = a.eventId().compareTo(b.eventId());
              }
              return c <= 0 ? a : b;
            });
      }
    }
    // Per person: the first start in the range, and the local dates of their returns.
    Map<String, Event> firstStart = new HashMap<>();
    Map<String, List<LocalDate>> returns = new HashMap<>();
    for (Event e : events) {
      if (!e.siteId().equals(q.siteId())) {
        continue;
      }
      String person = e.userId();
      if (person.isEmpty()) {
        PersonUpdate link = firstLink.get(e.visitorId());
        if (link == null) {
          continue;
        }
        person = link.userId();
      }
      if (!e.timestamp().isBefore(q.from())
          && e.timestamp().isBefore(q.to())
          && EventFilterOracle.matches(e, q.start().filters(), q.goals())) {
        firstStart.merge(
            person,
            e,
            (a, b) -> {
              int c = a.timestamp().compareTo(b.timestamp());
              if (c == 0) {
                c = a.eventId().compareTo(b.eventId());
              }
              return c <= 0 ? a : b;
            });
      }
      if (EventFilterOracle.matches(e, q.returning().filters(), q.goals())) {
        returns
            .computeIfAbsent(person, p -> new ArrayList<>())
            .add(e.timestamp().atZone(q.zone()).toLocalDate());
      }
    }
    int n = q.periods();
    TreeMap<String, TreeMap<LocalDate, long[]>> cohorts = new TreeMap<>();
    firstStart.forEach(
        (person, first) -> {
          LocalDate cohort =
              periodStart(q.period(), first.timestamp().atZone(q.zone()).toLocalDate());
          String group = group(q, person, first);
          long[] counts =
              cohorts
                  .computeIfAbsent(group, g -> new TreeMap<>())
                  .computeIfAbsent(cohort, c -> new long[n + 1]);
          counts[0]++;
          TreeSet<Integer> ks = new TreeSet<>();
          for (LocalDate d : returns.getOrDefault(person, List.of())) {
            long k = unitsBetween(q.period(), cohort, periodStart(q.period(), d));
            if (k >= 1 && k <= n) {
              ks.add((int) k);
            }
          }
          for (int k = 1; k <= n; k++) {
            boolean counted =
                q.mode() == Retention.Mode.ON ? ks.contains(k) : ks.ceiling(k) != null;
            if (counted) {
              counts[k]++;
            }
          }
        });
    List<Retention.Cohort> out = new ArrayList<>();
    cohorts.forEach(
        (group, byStart) ->
            byStart.forEach(
                (start, counts) -> {
                  List<Retention.Value> values = new ArrayList<>();
                  for (int k = 0; k <= n; k++) {
                    // The value is final once the last period it reads has ended.
                    int lastRead = k == 0 || q.mode() == Retention.Mode.ON ? k : n;
                    ZonedDateTime end = nth(q.period(), start, lastRead + 1).atStartOfDay(q.zone());
                    values.add(new Retention.Value(counts[k], !end.toInstant().isAfter(q.now())));
                  }
                  out.add(new Retention.Cohort(start, values, group));
                }));
    return new Retention.Result(out);
  }

  private static LocalDate periodStart(Retention.Period p, LocalDate d) {
    return switch (p) {
      case DAY -> d;
      case WEEK -> d.minusDays(d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
      case MONTH -> LocalDate.of(d.getYear(), d.getMonth(), 1);
    };
  }

  private static LocalDate nth(Retention.Period p, LocalDate start, int k) {
    return switch (p) {
      case DAY -> start.plusDays(k);
      case WEEK -> start.plusDays(7L * k);
      case MONTH -> start.plusMonths(k);
    };
  }

  private static long unitsBetween(Retention.Period p, LocalDate a, LocalDate b) {
    return switch (p) {
      case DAY -> ChronoUnit.DAYS.between(a, b);
      case WEEK -> ChronoUnit.DAYS.between(a, b) / 7;
      case MONTH -> (b.getYear() - a.getYear()) * 12L + b.getMonthValue() - a.getMonthValue();
    };
  }
}
