package io.footfall.server.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.footfall.core.Event;
import io.footfall.core.EventDefinition;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.metadata.EventQuality;
import io.footfall.server.ingest.EventJudge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks events against their site's event catalogue on the way in. An event whose definition is
 * {@link EventDefinition.Status#BLOCKED} is refused on every site (the sender is told, in the
 * answer of its request). With the site's validation at {@link SiteSettings.ValidationMode#WARN},
 * every other event is stored and its problems are counted per UTC day, event, problem and
 * property: a property missing, of the wrong type, outside its allowed values or range, an event
 * not in the catalogue, an event marked unexpected. The tracker's own events are not flagged for
 * being undefined.
 *
 * <p>Counts gather in memory and are added to the metadata ({@link EventQuality}) every {@value
 * #FLUSH_SECONDS} seconds and at close; a crash loses at most those seconds of counts, never an
 * event. Definitions are read through a cache of {@value #CACHE_SECONDS} seconds, which {@link
 * #forget} empties for a site whose catalogue changed here. Exported to {@code /metrics}: {@code
 * footfall_validation_problems_total{problem}}.
 */
public final class EventValidation implements EventJudge {
  private static final Logger log = LoggerFactory.getLogger(EventValidation.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int FLUSH_SECONDS = 10;
  static final int CACHE_SECONDS = 30;

  /** What the tracker sends on its own (docs/tracker.md): never flagged as undefined. */
  public static final Set<String> BUILT_IN =
      Set.of(Event.PAGEVIEW, "outbound_link", "file_download");

  private record Key(String siteId, LocalDate day, String event, String problem, String property) {}

  private final LoadingCache<String, Map<String, EventDefinition>> definitions;
  private final EventQuality quality;
  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Counter> problems = new ConcurrentHashMap<>();
  private final MeterRegistry meters;
  private final ScheduledExecutorService flusher;

  /**
   * @param definitionsOfSite a site's definitions whatever its organization
   * @param quality where counts are kept
   */
  public EventValidation(
      Function<String, List<EventDefinition>> definitionsOfSite,
      EventQuality quality,
      MeterRegistry meters) {
    this.definitions =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS))
            .build(
                siteId -> {
                  Map<String, EventDefinition> byName = new HashMap<>();
                  for (EventDefinition d : definitionsOfSite.apply(siteId)) {
                    byName.put(d.name(), d);
                  }
                  return byName;
                });
    this.quality = quality;
    this.meters = meters;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("footfall-validation").daemon(true).unstarted(r));
    var unused =
        flusher.scheduleWithFixedDelay(
            this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Optional<String> refusal(Site site, Event event) {
    Map<String, EventDefinition> catalogue = definitions.get(site.id());
    EventDefinition d = catalogue.get(event.name());
    if (d != null && d.status() == EventDefinition.Status.BLOCKED) {
      count(site.id(), event, "blocked", "");
      return Optional.of(
          "the site's event catalogue blocks the event '" + event.name() + "': it is not stored");
    }
    if (site.settings().validation() == SiteSettings.ValidationMode.OFF) {
      return Optional.empty();
    }
    if (d == null) {
      if (!BUILT_IN.contains(event.name())) {
        count(site.id(), event, "undefined", "");
      }
      return Optional.empty();
    }
    if (d.status() == EventDefinition.Status.UNEXPECTED) {
      count(site.id(), event, "unexpected", "");
    }
    if (!d.properties().isEmpty()) {
      for (EventDefinition.Problem p : d.check(properties(event.propertiesJson()))) {
        count(site.id(), event, p.kind().wire(), p.property());
      }
    }
    return Optional.empty();
  }

  /** Forgets the cached catalogue of a site, after a change of it. */
  public void forget(String siteId) {
    definitions.invalidate(siteId);
  }

  /** Adds what was counted so far to the metadata. */
  public void flush() {
    List<EventQuality.Count> batch = new ArrayList<>();
    for (Iterator<Map.Entry<Key, LongAdder>> it = counts.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, LongAdder> e = it.next();
      it.remove();
      long n = e.getValue().sumThenReset();
      if (n > 0) {
        Key k = e.getKey();
        batch.add(
            new EventQuality.Count(k.siteId(), k.day(), k.event(), k.problem(), k.property(), n));
      }
    }
    try {
      quality.add(batch);
    } catch (RuntimeException ex) {
      // Kept for the next flush rather than lost.
      for (EventQuality.Count c : batch) {
        counts
            .computeIfAbsent(
                new Key(c.siteId(), c.day(), c.eventName(), c.problem(), c.property()),
                k -> new LongAdder())
            .add(c.events());
      }
      throw ex;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("validation counts not written yet, kept for the next try: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flushQuietly();
  }

  /** Counts a problem of the event, on the UTC day it arrived. */
  private void count(String siteId, Event event, String problem, String property) {
    LocalDate day = LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC);
    counts
        .computeIfAbsent(
            new Key(siteId, day, event.name(), problem, property), k -> new LongAdder())
        .increment();
    problems
        .computeIfAbsent(
            problem,
            p ->
                Counter.builder("footfall.validation.problems")
                    .description(
                        "Problems catalogue validation found in events, by kind (blocked events"
                            + " were refused, the others stored)")
                    .tag("problem", p)
                    .register(meters))
        .increment();
  }

  /** An event's properties as {@link EventDefinition#check} takes them. */
  static Map<String, Object> properties(String json) {
    Map<String, Object> out = new HashMap<>();
    if (json == null || json.isEmpty()) {
      return out;
    }
    try {
      JsonNode node = JSON.readTree(json);
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getValue();
        out.put(
            e.getKey(),
            v.isNull()
                ? null
                : v.isTextual()
                    ? v.textValue()
                    : v.isNumber() ? v.decimalValue() : v.isBoolean() ? v.booleanValue() : v);
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored properties are always JSON: " + json, e);
    }
    return out;
  }
}
