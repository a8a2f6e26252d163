package io.footfall.server.catalog;

import io.footfall.core.EventDefinition;
import io.footfall.core.EventStore;
import io.footfall.core.SeenEvent;
import io.footfall.core.Site;
import io.footfall.core.metadata.EventDefinitions;
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
  private final EventStore store;
  private final Auditor audit;
  private final Clock clock;

  public CatalogService(
      TenancyService tenancy,
      EventDefinitions definitions,
      EventStore store,
      Auditor audit,
      Clock clock) {
    this.tenancy = tenancy;
    this.definitions = definitions;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * One name of the catalogue: its definition if any, what the store has seen of it if anything.
   */
  public record Entry(
      String name, Optional<EventDefinition> definition, Optional<SeenEvent> seen) {}

  /** The catalogue: every defined or seen name, most events first, then by name. */
  public List<Entry> list(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.VIEW_SITE);
    Map<String, EventDefinition> defined = new HashMap<>();
    for (EventDefinition d : definitions.list(site.organizationId(), site.id())) {
      defined.put(d.name(), d);
    }
    List<Entry> entries = new ArrayList<>();
    for (SeenEvent seen : store.seenEvents(site.id())) {
      entries.add(
          new Entry(
              seen.name(), Optional.ofNullable(defined.remove(seen.name())), Optional.of(seen)));
    }
    for (EventDefinition d : defined.values()) {
      entries.add(new Entry(d.name(), Optional.of(d), Optional.empty()));
    }
    entries.sort(
        Comparator.comparingLong((Entry e) -> e.seen().map(SeenEvent::events).orElse(0L))
            .reversed()
            .thenComparing(Entry::name));
    return entries;
  }

  /** Defines an event, or replaces its definition. */
  public EventDefinition define(
      TenancyService.Origin o, String siteId, EventDefinition.Draft draft) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    EventDefinition d = draft.of(site.id(), clock.instant());
    boolean existed = definitions.find(site.organizationId(), site.id(), d.name()).isPresent();
    definitions.put(site.organizationId(), d);
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
