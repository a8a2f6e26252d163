package io.footfall.server.catalog;

import io.footfall.core.EventDefinition;
import io.footfall.core.EventStore;
import io.footfall.core.SeenEvent;
import io.footfall.core.Site;
import io.footfall.core.metadata.EventDefinitions;
import io.footfall.core.metadata.EventQuality;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.audit.Auditor;
import io.footfall.server.tenancy.TenancyService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A site's event catalogue: its event definitions (metadata) beside the event names its stored
 * events carry (the event store), merged by name, so that events seen but never defined stand out.
 * Reading takes {@link Permission#VIEW_SITE}, defining {@link Permission#MANAGE_SITE}; definitions
 * are audited.
 */
public final class CatalogService {
  private final TenancyService tenancy;
  private final EventDefinitions definitions;
  private final EventQuality quality;
  private final java.util.function.Consumer<String> changed;
  private final EventStore store;
  private final Auditor audit;
  private final Clock clock;

  public CatalogService(
      TenancyService tenancy,
      EventDefinitions definitions,
      EventQuality quality,
      java.util.function.Consumer<String> changed,
      EventStore store,
      Auditor audit,
      Clock clock) {
    this.tenancy = tenancy;
    this.definitions = definitions;
    this.quality = quality;
    this.changed = changed;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * One name of the catalogue: its definition if any, what the store has seen of it if anything.
   */
  public record Entry(
      String name,
      Optional<EventDefinition> definition,
      Optional<SeenEvent> seen,
      Map<String, Long> problems) {}

  /** The days of problem counts the catalogue shows: the last 30, today included (UTC). */
  static final int PROBLEM_DAYS = 30;

  /** The catalogue: every defined or seen name, most events first, then by name. */
  public List<Entry> list(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.VIEW_SITE);
    Map<String, EventDefinition> defined = new HashMap<>();
    for (EventDefinition d : definitions.list(site.organizationId(), site.id())) {
      defined.put(d.name(), d);
    }
    Map<String, Map<String, Long>> problems = new HashMap<>();
    for (EventQuality.Count c : problems(site, PROBLEM_DAYS)) {
      problems
          .computeIfAbsent(c.eventName(), k -> new java.util.TreeMap<>())
          .merge(c.problem(), c.events(), Long::sum);
    }
    List<Entry> entries = new ArrayList<>();
    for (SeenEvent seen : store.seenEvents(site.id())) {
      entries.add(
          new Entry(
              seen.name(),
              Optional.ofNullable(defined.remove(seen.name())),
              Optional.of(seen),
              problems.getOrDefault(seen.name(), Map.of())));
    }
    for (EventDefinition d : defined.values()) {
      entries.add(
          new Entry(
              d.name(),
              Optional.of(d),
              Optional.empty(),
              problems.getOrDefault(d.name(), Map.of())));
    }
    entries.sort(
        Comparator.comparingLong((Entry e) -> e.seen().map(SeenEvent::events).orElse(0L))
            .reversed()
            .thenComparing(Entry::name));
    return entries;
  }

  /** The site's validation counts of the last {@code days} UTC days, today included. */
  public List<EventQuality.Count> problems(Principal p, String siteId, int days) {
    return problems(tenancy.site(p, siteId, Permission.VIEW_SITE), days);
  }

  /**
   * The site's stored events per UTC day (of their own time) and name, for the last {@code days}
   * days, today included: the denominators of the problem counts.
   */
  public List<EventStore.DailyVolume> volumes(Principal p, String siteId, int days) {
    Site site = tenancy.site(p, siteId, Permission.VIEW_SITE);
    java.time.LocalDate today = today();
    return store.dailyVolumes(site.id(), today.minusDays(days - 1L), today);
  }

  /**
   * One day of the completeness check: the day's stored events against the median of the same
   * weekday in the {@value #HISTORY_WEEKS} weeks before, flagged when below {@value
   * #DROP_BELOW_PERCENT}% of it (with a history of at least {@value #MIN_EXPECTED} events a day).
   *
   * @param expected the median of the same weekday's totals before, or -1 without history
   */
  public record DayCheck(java.time.LocalDate day, long events, long expected, boolean dropped) {}

  static final int HISTORY_WEEKS = 4;
  static final int DROP_BELOW_PERCENT = 50;
  static final long MIN_EXPECTED = 20;

  /** The completeness check of the last {@code days} UTC days, today excluded (still filling). */
  public List<DayCheck> completeness(Principal p, String siteId, int days) {
    Site site = tenancy.site(p, siteId, Permission.VIEW_SITE);
    java.time.LocalDate yesterday = today().minusDays(1);
    java.time.LocalDate first = yesterday.minusDays(days - 1L);
    Map<java.time.LocalDate, Long> totals = new HashMap<>();
    for (EventStore.DailyVolume v :
        store.dailyVolumes(site.id(), first.minusWeeks(HISTORY_WEEKS), yesterday)) {
      totals.merge(v.day(), v.events(), Long::sum);
    }
    List<DayCheck> out = new ArrayList<>();
    for (java.time.LocalDate day = first; !day.isAfter(yesterday); day = day.plusDays(1)) {
      List<Long> history = new ArrayList<>();
      for (int w = 1; w <= HISTORY_WEEKS; w++) {
        Long n = totals.get(day.minusWeeks(w));
        if (n != null) {
          history.add(n);
        }
      }
      long events = totals.getOrDefault(day, 0L);
      long expected = -1;
      if (!history.isEmpty()) {
        history.sort(null);
        int mid = history.size() / 2;
        expected =
            history.size() % 2 == 1
                ? history.get(mid)
                : (history.get(mid - 1) + history.get(mid)) / 2;
      }
      boolean dropped = expected >= MIN_EXPECTED && events * 100 < expected * DROP_BELOW_PERCENT;
      out.add(new DayCheck(day, events, expected, dropped));
    }
    return out;
  }

  private List<EventQuality.Count> problems(Site site, int days) {
    java.time.LocalDate today = today();
    return quality.list(site.organizationId(), site.id(), today.minusDays(days - 1L), today);
  }

  /** Today in UTC, the days validation counts and volumes are kept by. */
  private java.time.LocalDate today() {
    return java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
  }

  /** Defines an event, or replaces its definition. */
  public EventDefinition define(
      TenancyService.Origin o, String siteId, EventDefinition.Draft draft) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    EventDefinition d = draft.of(site.id(), clock.instant());
    boolean existed = definitions.find(site.organizationId(), site.id(), d.name()).isPresent();
    definitions.put(site.organizationId(), d);
    changed.accept(site.id());
    audit.record(
        o.principal(),
        site.organizationId(),
        existed ? "event.redefine" : "event.define",
        site.id() + "/" + d.name(),
        o.clientAddress(),
        Map.of("status", d.status().name(), "properties", d.properties().size()));
    return definitions.find(site.organizationId(), site.id(), d.name()).orElse(d);
  }

  /** Deletes a definition; {@code false} when the site had none of that name. */
  public boolean undefine(TenancyService.Origin o, String siteId, String name) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    boolean deleted = definitions.delete(site.organizationId(), site.id(), name);
    if (deleted) {
      changed.accept(site.id());
      audit.record(
          o.principal(),
          site.organizationId(),
          "event.undefine",
          site.id() + "/" + name,
          o.clientAddress(),
          Map.of());
    }
    return deleted;
  }
}
