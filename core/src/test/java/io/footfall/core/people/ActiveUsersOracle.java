package io.footfall.core.people;

import io.footfall.core.Event;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What {@link ActiveUsers} must answer, in plain Java from everything written, sharing no code with
 * the stores (nor with {@link ActiveUsersLayout}): each event's person or visitor and local date,
 * then docs/metrics.md's definitions written out over sets of dates.
 */
public final class ActiveUsersOracle {
  private final List<Event> events = new ArrayList<>();
  private final List<PersonUpdate> updates = new ArrayList<>();

  public void written(List<Event> batchEvents, List<PersonUpdate> batchUpdates) {
    events.addAll(batchEvents);
    updates.addAll(batchUpdates);
  }

  public void deleted(String siteId) {
    events.removeIf(e -> e.siteId().equals(siteId));
    updates.removeIf(u -> u.siteId().equals(siteId));
  }

  /** Each visitor's person: the user of its first link by time, then event id. */
  private Map<Long, String> links(String siteId) {
    Map<Long, PersonUpdate> first = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (!u.siteId().equals(siteId) || u.linkedVisitorId() == 0) {
        continue;
      }
      PersonUpdate had = first.get(u.linkedVisitorId());
      if (had == null
          || u.at().isBefore(had.at())
          || (u.at().equals(had.at()) && u.eventId().compareTo(had.eventId()) < 0)) {
        first.put(u.linkedVisitorId(), u);
      }
    }
    Map<Long, String> out = new HashMap<>();
    first.forEach((v, u) -> out.put(v, u.userId()));
    return out;
  }

  /** The local dates each person (or visitor) of the site was active on, over all time. */
  private Map<String, NavigableSet<LocalDate>> activity(ActiveUsers.Query q) {
    Map<Long, String> links = links(q.siteId());
    Map<String, NavigableSet<LocalDate>> out = new HashMap<>();
    for (Event e : events) {
      if (!e.siteId().equals(q.siteId())) {
        continue;
      }
      String who;
      if (q.unit() == ActiveUsers.Unit.VISITOR) {
        who = "v" + e.visitorId();
      } else if (!e.userId().isEmpty()) {
        who = e.userId();
      } else {
        who = links.get(e.visitorId());
      }
      if (who != null) {
        out.computeIfAbsent(who, k -> new TreeSet<>())
            .add(LocalDate.ofInstant(e.timestamp(), q.zone()));
      }
    }
    return out;
  }

  private static LocalDate calendarStart(LocalDate d, ActiveUsers.Period p) {
    return switch (p) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      case MONTH -> d.with(TemporalAdjusters.firstDayOfMonth());
    };
  }

  private static boolean activeBetween(NavigableSet<LocalDate> days, LocalDate from, LocalDate to) {
    LocalDate d = days.ceiling(from);
    return d != null && !d.isAfter(to);
  }

  public ActiveUsers.Report activeUsers(ActiveUsers.Query q) {
    if (q.segment().isPresent()) {
      // A segment's report is everyone's report over the members' events alone.
      CohortOracle cohorts = new CohortOracle();
      cohorts.written(events, updates);
      ActiveUsersOracle members = new ActiveUsersOracle();
      members.written(cohorts.eventsOfMembers(q.segment().get()), updates);
      return members.activeUsers(
          new ActiveUsers.Query(q.siteId(), q.first(), q.last(), q.zone(), q.period(), q.unit()));
    }
    Map<String, NavigableSet<LocalDate>> activity = activity(q);
    // The range's days grouped by calendar bucket, in order.
    List<List<LocalDate>> buckets = new ArrayList<>();
    List<LocalDate> starts = new ArrayList<>();
    for (LocalDate d = q.first(); !d.isAfter(q.last()); d = d.plusDays(1)) {
      LocalDate s = calendarStart(d, q.period());
      if (starts.isEmpty() || !starts.getLast().equals(s)) {
        starts.add(s);
        buckets.add(new ArrayList<>());
      }
      buckets.getLast().add(d);
    }
    // The whole calendar bucket before the first one.
    LocalDate firstStart = starts.getFirst();
    LocalDate previousStart = calendarStart(firstStart.minusDays(1), q.period());
    LocalDate previousFrom = previousStart;
    LocalDate previousTo = firstStart.minusDays(1);

    List<ActiveUsers.Bucket> out = new ArrayList<>();
    for (int k = 0; k < buckets.size(); k++) {
      List<LocalDate> days = buckets.get(k);
      LocalDate from = days.getFirst();
      LocalDate to = days.getLast();
      LocalDate pFrom = k == 0 ? previousFrom : buckets.get(k - 1).getFirst();
      LocalDate pTo = k == 0 ? previousTo : buckets.get(k - 1).getLast();
      long active = 0;
      long activeDays = 0;
      long wau = 0;
      long mau = 0;
      long fresh = 0;
      long retained = 0;
      long dormant = 0;
      long returned = 0;
      for (NavigableSet<LocalDate> seen : activity.values()) {
        boolean now = activeBetween(seen, from, to);
        boolean before = activeBetween(seen, pFrom, pTo);
        for (LocalDate d : days) {
          if (seen.contains(d)) {
            activeDays++;
          }
        }
        if (activeBetween(seen, to.minusDays(6), to)) {
          wau++;
        }
        if (activeBetween(seen, to.minusDays(29), to)) {
          mau++;
        }
        if (now) {
          active++;
          LocalDate firstSeen = seen.first();
          if (!firstSeen.isBefore(from)) {
            fresh++;
            if (activeBetween(seen, firstSeen.plusDays(1), firstSeen.plusDays(30))) {
              returned++;
            }
          }
          if (before) {
            retained++;
          }
        } else if (before) {
          dormant++;
        }
      }
      out.add(
          new ActiveUsers.Bucket(
              starts.get(k),
              from,
              to,
              days.size(),
              active,
              activeDays,
              wau,
              mau,
              fresh,
              retained,
              dormant,
              returned));
    }
    return new ActiveUsers.Report(q.unit(), q.period(), out);
  }
}
