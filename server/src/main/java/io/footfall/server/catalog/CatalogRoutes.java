package io.footfall.server.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EventDefinition;
import io.footfall.core.EventDefinition.PropertySchema;
import io.footfall.core.SeenEvent;
import io.footfall.server.access.Principals;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The event catalogue over the API: {@code GET /api/admin/sites/{id}/events} (definitions and the
 * names seen, merged), {@code PUT /api/admin/sites/{id}/events/{name}} (define or redefine: {@code
 * {"description","owner","tags":[…],"status":"expected|unexpected|blocked","properties":[{"name",
 * "type":"string|number|boolean","required","allowed":[…],"min","max"}]}}) and {@code DELETE …/
 * events/{name}}. A bad field answers 400 naming it.
 */
public final class CatalogRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final CatalogService catalog;

  public CatalogRoutes(CatalogService catalog) {
    this.catalog = catalog;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites/{id}/events",
        ctx -> {
          ObjectNode body = JSON.objectNode();
          ArrayNode results = body.putArray("results");
          for (CatalogService.Entry e : catalog.list(Principals.of(ctx), ctx.pathParam("id"))) {
            results.add(json(e));
          }
          JsonBodies.send(ctx, 200, body);
        });
    routes.get(
        "/api/admin/sites/{id}/data-quality",
        ctx -> {
          int days = days(ctx.queryParam("days"));
          ObjectNode body = JSON.objectNode();
          body.put("days", days);
          ArrayNode results = body.putArray("results");
          for (io.footfall.core.metadata.EventQuality.Count c :
              catalog.problems(Principals.of(ctx), ctx.pathParam("id"), days)) {
            results
                .addObject()
                .put("day", c.day().toString())
                .put("event", c.eventName())
                .put("problem", c.problem())
                .put("property", c.property())
                .put("events", c.events());
          }
          ArrayNode completeness = body.putArray("completeness");
          for (CatalogService.DayCheck d :
              catalog.completeness(Principals.of(ctx), ctx.pathParam("id"), days)) {
            ObjectNode n =
                completeness.addObject().put("day", d.day().toString()).put("events", d.events());
            if (d.expected() < 0) {
              n.putNull("expected");
            } else {
              n.put("expected", d.expected());
            }
            n.put("dropped", d.dropped());
          }
          ArrayNode volumes = body.putArray("volumes");
          for (io.footfall.core.EventStore.DailyVolume v :
              catalog.volumes(Principals.of(ctx), ctx.pathParam("id"), days)) {
            volumes
                .addObject()
                .put("day", v.day().toString())
                .put("event", v.name())
                .put("events", v.events());
          }
          JsonBodies.send(ctx, 200, body);
        });
    routes.put(
        "/api/admin/sites/{id}/events/{name}",
        ctx -> {
          EventDefinition.Draft draft = draft(ctx.pathParam("name"), JsonBodies.read(ctx));
          EventDefinition d =
              catalog.define(TenancyService.Origin.of(ctx), ctx.pathParam("id"), draft);
          JsonBodies.send(ctx, 200, definition(d));
        });
    routes.delete(
        "/api/admin/sites/{id}/events/{name}",
        ctx -> {
          if (!catalog.undefine(
              TenancyService.Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("name"))) {
            throw AdminException.notFound("the site has no definition of this event");
          }
          ctx.status(204);
        });
  }

  /** {@code ?days=}: 1 to 400, default 30. */
  static int days(String text) {
    if (text == null || text.isBlank()) {
      return 30;
    }
    try {
      int days = Integer.parseInt(text.strip());
      if (days >= 1 && days <= 400) {
        return days;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw AdminException.invalid(
        "days", "days must be a whole number from 1 to 400, was '" + text + "'");
  }

  static EventDefinition.Draft draft(String name, JsonNode body) {
    if (name.isBlank() || name.length() > EventDefinition.MAX_NAME) {
      throw AdminException.invalid(
          "name", "the event name is 1 to " + EventDefinition.MAX_NAME + " characters");
    }
    String description = text(body, "description", EventDefinition.MAX_TEXT);
    String owner = text(body, "owner", EventDefinition.MAX_OWNER);
    List<String> tags = new ArrayList<>();
    JsonNode t = body.path("tags");
    if (!t.isMissingNode() && !t.isNull()) {
      if (!t.isArray() || t.size() > EventDefinition.MAX_TAGS) {
        throw AdminException.invalid(
            "tags", "tags must be an array of at most " + EventDefinition.MAX_TAGS + " strings");
      }
      for (JsonNode tag : t) {
        if (!tag.isTextual()
            || tag.asText().isBlank()
            || tag.asText().length() > 40
            || tag.asText().contains(",")) {
          throw AdminException.invalid(
              "tags", "each tag is a string of 1 to 40 characters without commas");
        }
        tags.add(tag.asText().strip());
      }
    }
    EventDefinition.Status status = EventDefinition.Status.EXPECTED;
    String s = text(body, "status", 20);
    if (!s.isEmpty()) {
      try {
        status = EventDefinition.Status.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw AdminException.invalid(
            "status", "status must be 'expected', 'unexpected' or 'blocked', was '" + s + "'");
      }
    }
    List<PropertySchema> properties = new ArrayList<>();
    JsonNode ps = body.path("properties");
    if (!ps.isMissingNode() && !ps.isNull()) {
      if (!ps.isArray() || ps.size() > EventDefinition.MAX_PROPERTIES) {
        throw AdminException.invalid(
            "properties",
            "properties must be an array of at most "
                + EventDefinition.MAX_PROPERTIES
                + " property schemas");
      }
      for (int i = 0; i < ps.size(); i++) {
        properties.add(property(ps.get(i), "properties[" + i + "]"));
      }
    }
    try {
      return new EventDefinition.Draft(name, description, owner, tags, status, properties);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("properties", e.getMessage());
    }
  }

  private static PropertySchema property(JsonNode p, String at) {
    if (!p.isObject()) {
      throw AdminException.invalid(at, at + " must be an object");
    }
    String name = text(p, "name", 100, at);
    if (name.isBlank()) {
      throw AdminException.invalid(at + ".name", at + ".name is required");
    }
    String type = text(p, "type", 20, at);
    PropertySchema.Type kind;
    try {
      kind = PropertySchema.Type.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid(
          at + ".type", at + ".type must be 'string', 'number' or 'boolean', was '" + type + "'");
    }
    JsonNode r = p.path("required");
    if (!r.isMissingNode() && !r.isNull() && !r.isBoolean()) {
      throw AdminException.invalid(at + ".required", at + ".required must be true or false");
    }
    List<String> allowed = new ArrayList<>();
    JsonNode a = p.path("allowed");
    if (!a.isMissingNode() && !a.isNull()) {
      if (!a.isArray()) {
        throw AdminException.invalid(at + ".allowed", at + ".allowed must be an array of strings");
      }
      for (JsonNode v : a) {
        if (!v.isTextual()) {
          throw AdminException.invalid(
              at + ".allowed", at + ".allowed must be an array of strings");
        }
        allowed.add(v.asText());
      }
    }
    try {
      return new PropertySchema(
          name.strip(),
          kind,
          r.asBoolean(false),
          allowed,
          number(p, "min", at),
          number(p, "max", at));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid(at, at + ": " + e.getMessage());
    }
  }

  private static BigDecimal number(JsonNode p, String field, String at) {
    JsonNode v = p.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw AdminException.invalid(at + "." + field, at + "." + field + " must be a number");
    }
    return v.decimalValue();
  }

  private static String text(JsonNode body, String field, int max) {
    return text(body, field, max, "");
  }

  private static String text(JsonNode body, String field, int max, String at) {
    String name = at.isEmpty() ? field : at + "." + field;
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw AdminException.invalid(name, name + " must be a string");
    }
    if (v.asText().length() > max) {
      throw AdminException.invalid(
          name, name + " is at most " + max + " characters, was " + v.asText().length());
    }
    return v.asText();
  }

  static ObjectNode json(CatalogService.Entry e) {
    ObjectNode n =
        e.definition().isPresent() ? definition(e.definition().get()) : JSON.objectNode();
    if (e.definition().isEmpty()) {
      n.put("name", e.name());
      n.put("status", EventValidation.BUILT_IN.contains(e.name()) ? "built_in" : "undefined");
      n.put(
          "description",
          EventValidation.BUILT_IN.contains(e.name()) ? "Sent by the tracker on its own." : "");
      n.put("owner", "");
      n.putArray("tags");
      n.putArray("properties");
    }
    n.put("defined", e.definition().isPresent());
    ObjectNode problems = n.putObject("problems_30d");
    e.problems().forEach(problems::put);
    if (e.seen().isPresent()) {
      SeenEvent s = e.seen().get();
      n.put("first_seen", s.firstSeen().toString());
      n.put("last_seen", s.lastSeen().toString());
      n.put("events", s.events());
    } else {
      n.putNull("first_seen");
      n.putNull("last_seen");
      n.put("events", 0);
    }
    return n;
  }

  static ObjectNode definition(EventDefinition d) {
    ObjectNode n = JSON.objectNode();
    n.put("name", d.name());
    n.put("status", d.status().name().toLowerCase(Locale.ROOT));
    n.put("description", d.description());
    n.put("owner", d.owner());
    ArrayNode tags = n.putArray("tags");
    d.tags().forEach(tags::add);
    ArrayNode ps = n.putArray("properties");
    for (PropertySchema p : d.properties()) {
      ObjectNode o = ps.addObject();
      o.put("name", p.name());
      o.put("type", p.type().wire());
      o.put("required", p.required());
      ArrayNode allowed = o.putArray("allowed");
      p.allowed().forEach(allowed::add);
      if (p.min() != null) {
        o.put("min", p.min());
      } else {
        o.putNull("min");
      }
      if (p.max() != null) {
        o.put("max", p.max());
      } else {
        o.putNull("max");
      }
    }
    n.put("created_at", d.createdAt().toString());
    n.put("updated_at", d.updatedAt().toString());
    return n;
  }
}
