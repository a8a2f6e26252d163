package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.core.people.People;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The people API: {@code GET /api/people?site_id=…} lists a site's people, most recently seen
 * first, and {@code GET /api/people/{user_id}?site_id=…} answers one person with a page of their
 * events. Every answer says whom it counts: {@code "unit":"person"}, a site's user (a user id, and
 * the consented anonymous visitors linked to it); cookieless visitors are never people.
 */
public final class PeopleRoutes {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PeopleService people;

  public PeopleRoutes(PeopleService people) {
    this.people = people;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/people", this::list);
    routes.get("/api/people/{id}", this::person);
  }

  /**
   * {@code ?site_id&search&property=key:value&segment=<cohort id>&limit&after_seen&after_id}:
   * {@code {"unit":"person", "results":[profile…],"next":{"after_seen","after_id"}|null}}.
   */
  private void list(Context ctx) throws IOException {
    String siteId = required(ctx, "site_id");
    String search = Optional.ofNullable(ctx.queryParam("search")).orElse("").strip();
    if (search.length() > 256) {
      throw AdminException.invalid("search", "search must be at most 256 characters");
    }
    Optional<PeopleQuery.PropertyMatch> property = Optional.empty();
    String p = ctx.queryParam("property");
    if (p != null && !p.isBlank()) {
      int colon = p.indexOf(':');
      if (colon < 1) {
        throw AdminException.invalid(
            "property", "property must be name:value, like plan:pro (the value's text)");
      }
      property =
          Optional.of(new PeopleQuery.PropertyMatch(p.substring(0, colon), p.substring(colon + 1)));
    }
    int limit = limit(ctx);
    Optional<PeopleQuery.Position> after = Optional.empty();
    String afterSeen = ctx.queryParam("after_seen");
    String afterId = ctx.queryParam("after_id");
    if (afterSeen != null || afterId != null) {
      if (afterSeen == null || afterId == null) {
        throw AdminException.invalid(
            afterSeen == null ? "after_seen" : "after_id",
            "after_seen and after_id go together: copy both from the answer's next");
      }
      after = Optional.of(new PeopleQuery.Position(instant("after_seen", afterSeen), afterId));
    }
    Optional<String> segment =
        Optional.ofNullable(ctx.queryParam("segment")).map(String::strip).filter(v -> !v.isEmpty());
    List<Profile> page =
        people.list(
            Principals.of(ctx), new PeopleQuery(siteId, search, property, limit, after), segment);
    ObjectNode body = JSON.objectNode();
    body.put("unit", "person");
    var results = body.putArray("results");
    page.forEach(profile -> results.add(profileJson(profile)));
    if (page.size() == limit) {
      Profile last = page.getLast();
      body.putObject("next")
          .put("after_seen", last.lastSeen().toString())
          .put("after_id", last.userId());
    } else {
      body.putNull("next");
    }
    JsonBodies.send(ctx, 200, body);
  }

  /**
   * {@code ?site_id&limit&before_at&before_id}: {@code {"unit":"person","person":profile,
   * "timeline":[event…],"next":{"before_at","before_id"}|null,"raw_events_since":time|null}},
   * events newest first; events before {@code raw_events_since} were deleted by raw retention.
   */
  private void person(Context ctx) throws IOException {
    String siteId = required(ctx, "site_id");
    int limit = limit(ctx);
    Optional<People.EventPosition> before = Optional.empty();
    String at = ctx.queryParam("before_at");
    String id = ctx.queryParam("before_id");
    if (at != null || id != null) {
      if (at == null || id == null) {
        throw AdminException.invalid(
            at == null ? "before_at" : "before_id",
            "before_at and before_id go together: copy both from the answer's next");
      }
      before = Optional.of(new People.EventPosition(instant("before_at", at), id));
    }
    PeopleService.Person person =
        people.person(Principals.of(ctx), siteId, ctx.pathParam("id"), before, limit);
    ObjectNode body = JSON.objectNode();
    body.put("unit", "person");
    body.set("person", profileJson(person.profile()));
    var timeline = body.putArray("timeline");
    for (Event e : person.timeline()) {
      timeline.add(eventJson(e));
    }
    if (person.timeline().size() == limit) {
      Event last = person.timeline().getLast();
      body.putObject("next")
          .put("before_at", last.timestamp().toString())
          .put("before_id", last.eventId());
    } else {
      body.putNull("next");
    }
    // Where the timeline ends because raw retention deleted what came before.
    if (person.rawEventsSince().isPresent()) {
      body.put("raw_events_since", person.rawEventsSince().get().toString());
    } else {
      body.putNull("raw_events_since");
    }
    JsonBodies.send(ctx, 200, body);
  }

  private static ObjectNode profileJson(Profile p) {
    ObjectNode n = JSON.objectNode();
    n.put("user_id", p.userId());
    ObjectNode props = n.putObject("properties");
    p.properties().forEach((k, v) -> props.set(k, scalar(v)));
    n.put("first_seen", p.firstSeen().toString());
    n.put("last_seen", p.lastSeen().toString());
    n.put("events", p.events());
    n.put("visits", p.visits());
    ObjectNode revenue = n.putObject("revenue");
    p.revenue().forEach((currency, amount) -> revenue.put(currency, amount.toPlainString()));
    return n;
  }

  private static ObjectNode eventJson(Event e) {
    ObjectNode n = JSON.objectNode();
    n.put("id", e.eventId());
    n.put("name", e.name());
    n.put("timestamp", e.timestamp().toString());
    n.put("path", e.page().pathname());
    n.put("title", e.page().title());
    n.put("source", e.page().source());
    n.set("properties", scalarObject(e.propertiesJson()));
    if (e.revenue().present()) {
      n.putObject("revenue")
          .put("amount", e.revenue().amount().toPlainString())
          .put("currency", e.revenue().currency());
    } else {
      n.putNull("revenue");
    }
    return n;
  }

  private static JsonNode scalar(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      return JSON.textNode(json);
    }
  }

  private static JsonNode scalarObject(String json) {
    JsonNode n = scalar(json);
    return n.isObject() ? n : JSON.objectNode();
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw AdminException.invalid(name, name + " is required");
    }
    return v.strip();
  }

  private static int limit(Context ctx) {
    String v = ctx.queryParam("limit");
    if (v == null || v.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw AdminException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(field, field + " must be an ISO-8601 instant, as given in next");
    }
  }
}
