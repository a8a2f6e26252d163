package io.footfall.server.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.DataRequest;
import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.metadata.DataRequests;
import io.footfall.core.people.DataSubject;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.audit.Auditor;
import io.footfall.server.export.Csv;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Data subjects' requests (GDPR Art. 15 and 20: export; Art. 17: erasure) for those who manage a
 * site. A subject is named by the user id the site sends, by a consented anonymous id, or both; the
 * service turns them into every form a store may hold ({@link DataSubject}: the clear id and the
 * site's keyed hash of it, whichever the site's setting was when each event came, and the
 * persistent visitor ids made from them). Each request is recorded in the request log before it
 * runs and updated when it completes or fails, and audited; neither holds the subject's ids.
 */
public final class DataRequestService {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest user id or anonymous id a request may name (what ingest accepts). */
  public static final int MAX_ID = 256;

  private final TenancyService tenancy;
  private final VisitorHasher hasher;
  private final EventStore store;
  private final DataRequests log;
  private final Auditor audit;
  private final Clock clock;

  public DataRequestService(
      TenancyService tenancy,
      VisitorHasher hasher,
      EventStore store,
      DataRequests log,
      Auditor audit,
      Clock clock) {
    this.tenancy = tenancy;
    this.hasher = hasher;
    this.store = store;
    this.log = log;
    this.audit = audit;
    this.clock = clock;
  }

  /** Whom a request names, as the site sent them; either may be empty, not both. */
  public record Named(String userId, String anonymousId) {
    public Named {
      for (String[] f : new String[][] {{"user_id", userId}, {"anonymous_id", anonymousId}}) {
        if (f[1].length() > MAX_ID) {
          throw AdminException.invalid(
              f[0], f[0] + " must be at most " + MAX_ID + " characters, was " + f[1].length());
        }
      }
      if (userId.isBlank() && anonymousId.isBlank()) {
        throw AdminException.invalid(
            "user_id", "name the person: user_id (as your site sends it) or anonymous_id, or both");
      }
    }
  }

  /** An export: the ZIP and its request. */
  public record Export(DataRequest request, byte[] zip) {}

  /** The site, when the principal may handle its data subjects' requests. */
  public Site site(Principal p, String siteId) {
    return tenancy.site(p, siteId, Permission.MANAGE_SITE);
  }

  /** The site's requests, newest first (at most 200). */
  public List<DataRequest> list(Principal p, String siteId) {
    Site site = site(p, siteId);
    return log.list(site.organizationId(), site.id(), 200);
  }

  /**
   * Everything stored of the person, as JSON and CSV files in a ZIP, on a site from {@link #site}.
   */
  public Export export(TenancyService.Origin o, Site site, Named named) {
    DataRequest request = received(o, site, DataRequest.Kind.EXPORT, named);
    try {
      DataSubject.Data data = store.subjectData(subject(site, named));
      byte[] zip = zip(site, request, data);
      DataRequest done =
          request.completed(
              clock.instant(), data.events().size(), data.properties().size(), data.links().size());
      log.update(done);
      audited(o, done);
      return new Export(done, zip);
    } catch (RuntimeException e) {
      failed(o, request, e);
      throw e;
    }
  }

  /**
   * Deletes everything stored of the person, then has the store drop the deleted bytes from its
   * files (the embedded store copies its file; ingest and reports wait meanwhile).
   */
  public DataRequest erase(TenancyService.Origin o, Site site, Named named) {
    DataRequest request = received(o, site, DataRequest.Kind.ERASURE, named);
    try {
      DataSubject.Erased erased = store.eraseSubject(subject(site, named));
      // The precomputed days of the person's events are rebuilt without them first (their custom
      // property values may be in them), then the file is copied without the old rows' bytes.
      store.refreshPrecomputed(List.of(site));
      store.compact();
      DataRequest done =
          request.completed(clock.instant(), erased.events(), erased.properties(), erased.links());
      log.update(done);
      audited(o, done);
      return done;
    } catch (RuntimeException e) {
      failed(o, request, e);
      throw e;
    }
  }

  /** Every stored form of the person on this site. */
  DataSubject subject(Site site, Named named) {
    Set<String> userIds = new LinkedHashSet<>();
    Set<Long> visitors = new LinkedHashSet<>();
    if (!named.userId().isBlank()) {
      userIds.add(named.userId());
      userIds.add(hasher.pseudonym(site, named.userId()));
      visitors.add(hasher.persistent(site, "user", named.userId()));
    }
    if (!named.anonymousId().isBlank()) {
      visitors.add(hasher.persistent(site, "anon", named.anonymousId()));
    }
    return new DataSubject(site.id(), userIds, visitors);
  }

  private DataRequest received(
      TenancyService.Origin o, Site site, DataRequest.Kind kind, Named named) {
    // The log's reference: the same person gives the same value on this site, and no store keeps
    // the ids in this form.
    String subject =
        HexFormat.of()
            .toHexDigits(
                hasher.persistent(
                    site, "data-request", named.userId() + "\n" + named.anonymousId()));
    DataRequest r =
        new DataRequest(
            "dr_" + io.footfall.server.access.Secrets.token().substring(0, 16),
            site.organizationId(),
            site.id(),
            kind,
            subject,
            o.principal().actor(),
            clock.instant(),
            DataRequest.Status.RECEIVED,
            Optional.empty(),
            0,
            0,
            0,
            "");
    log.append(r);
    return r;
  }

  private void audited(TenancyService.Origin o, DataRequest r) {
    audit.record(
        o.principal(),
        r.organizationId(),
        r.kind() == DataRequest.Kind.EXPORT ? "person.export" : "person.erase",
        r.siteId(),
        o.clientAddress(),
        Map.of(
            "request", r.id(),
            "subject", r.subject(),
            "events", r.events(),
            "properties", r.properties(),
            "links", r.links()));
  }

  private void failed(TenancyService.Origin o, DataRequest request, RuntimeException e) {
    DataRequest failed =
        request.failed(clock.instant(), "the event store failed; the request can be made again");
    log.update(failed);
    audit.record(
        o.principal(),
        failed.organizationId(),
        failed.kind() == DataRequest.Kind.EXPORT ? "person.export_failed" : "person.erase_failed",
        failed.siteId(),
        o.clientAddress(),
        Map.of("request", failed.id(), "error", e.getClass().getSimpleName()));
  }

  // ---------------------------------------------------------------- the ZIP

  private static final List<String> EVENT_COLUMNS =
      List.of(
          "id",
          "timestamp",
          "received_at",
          "name",
          "user_id",
          "visitor_id",
          "visit_id",
          "hostname",
          "path",
          "url",
          "title",
          "referrer",
          "referrer_host",
          "source",
          "medium",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "click_id",
          "browser",
          "browser_version",
          "os",
          "os_version",
          "device",
          "screen",
          "locale",
          "country",
          "region",
          "city",
          "network",
          "properties",
          "revenue_amount",
          "revenue_currency");

  static List<String> eventCells(Event e) {
    Event.Page p = e.page();
    Event.Client c = e.client();
    return List.of(
        e.eventId(),
        e.timestamp().toString(),
        e.receivedAt().toString(),
        e.name(),
        e.userId(),
        Long.toString(e.visitorId()),
        Long.toString(e.sessionId()),
        p.hostname(),
        p.pathname(),
        p.url(),
        p.title(),
        p.referrer(),
        p.referrerHost(),
        p.source(),
        p.medium(),
        p.utm().source(),
        p.utm().medium(),
        p.utm().campaign(),
        p.utm().term(),
        p.utm().content(),
        p.clickId(),
        c.browser(),
        c.browserVersion(),
        c.os(),
        c.osVersion(),
        c.device(),
        c.screen(),
        c.locale(),
        c.country(),
        c.region(),
        c.city(),
        c.network(),
        e.propertiesJson(),
        e.revenue().present() ? e.revenue().amount().toPlainString() : "",
        e.revenue().present() ? e.revenue().currency() : "");
  }

  private static byte[] zip(Site site, DataRequest request, DataSubject.Data data) {
    List<List<String>> events = new ArrayList<>();
    ArrayNode eventsJson = JSON.createArrayNode();
    for (Event e : data.events()) {
      List<String> cells = eventCells(e);
      events.add(cells);
      ObjectNode n = eventsJson.addObject();
      for (int i = 0; i < EVENT_COLUMNS.size(); i++) {
        if (EVENT_COLUMNS.get(i).equals("properties")) {
          n.set("properties", parsed(cells.get(i)));
        } else {
          n.put(EVENT_COLUMNS.get(i), cells.get(i));
        }
      }
    }
    List<String> propertyColumns = List.of("user_id", "at", "event_id", "op", "key", "value");
    List<List<String>> properties = new ArrayList<>();
    ArrayNode propertiesJson = JSON.createArrayNode();
    for (DataSubject.PropertyRow r : data.properties()) {
      properties.add(
          List.of(r.userId(), r.at().toString(), r.eventId(), r.op(), r.key(), r.valueJson()));
      ObjectNode n =
          propertiesJson
              .addObject()
              .put("user_id", r.userId())
              .put("at", r.at().toString())
              .put("event_id", r.eventId())
              .put("op", r.op())
              .put("key", r.key());
      if (r.valueJson().isEmpty()) {
        n.putNull("value");
      } else {
        n.set("value", parsed(r.valueJson()));
      }
    }
    List<String> linkColumns = List.of("visitor_id", "user_id", "linked_at", "event_id");
    List<List<String>> links = new ArrayList<>();
    ArrayNode linksJson = JSON.createArrayNode();
    for (DataSubject.LinkRow r : data.links()) {
      links.add(
          List.of(Long.toString(r.visitorId()), r.userId(), r.linkedAt().toString(), r.eventId()));
      linksJson
          .addObject()
          .put("visitor_id", Long.toString(r.visitorId()))
          .put("user_id", r.userId())
          .put("linked_at", r.linkedAt().toString())
          .put("event_id", r.eventId());
    }
    String readme =
        "Footfall: everything stored about one person on the site "
            + site.name()
            + " ("
            + site.domain()
            + "), exported "
            + request.requestedAt()
            + " (request "
            + request.id()
            + ").\r\n\r\n"
            + "events.json, events.csv: every event of the person (events sent with their user"
            + " id, and the events of their consented anonymous visitors), oldest first. Times"
            + " are UTC; user_id is as stored (a keyed hash of the id unless the site stores"
            + " ids); visitor_id and visit_id are pseudonymous numbers; network is the truncated"
            + " network of the address (the address itself is never stored).\r\n"
            + "person_properties.json, person_properties.csv: every change to the person's"
            + " properties (set, set_once, unset).\r\n"
            + "identity_links.json, identity_links.csv: the anonymous visitors linked to the"
            + " person, and when.\r\n"
            + "Aggregated daily totals hold no identifiers and are not part of this export.\r\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      entry(zip, "README.txt", readme.getBytes(StandardCharsets.UTF_8));
      entry(
          zip, "events.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(eventsJson));
      entry(zip, "events.csv", Csv.table(EVENT_COLUMNS, events));
      entry(
          zip,
          "person_properties.json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(propertiesJson));
      entry(zip, "person_properties.csv", Csv.table(propertyColumns, properties));
      entry(
          zip,
          "identity_links.json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(linksJson));
      entry(zip, "identity_links.csv", Csv.table(linkColumns, links));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static com.fasterxml.jackson.databind.JsonNode parsed(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}
