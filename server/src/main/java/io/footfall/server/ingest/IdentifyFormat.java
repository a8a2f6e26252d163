package io.footfall.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The format of {@code POST /api/identify}: {@code {"site","user_id","anonymous_id"?,"traits"?,
 * "timestamp"?,"id"?}}, one person per request. It becomes an identify event (the same as {@code
 * POST /api/track} with {@code "event":"identify"}, {@code actor} and {@code traits}), which stores
 * no event: the traits set the person's properties, and on a consent-mode site the anonymous id's
 * visitor, earlier events included, becomes this person's.
 */
final class IdentifyFormat implements IngestFormat {
  private final RequestDecoder decoder;

  IdentifyFormat(IngestLimits limits) {
    this.decoder =
        new RequestDecoder(
            limits,
            IdentifyFormat::asEvent,
            "/api/identify takes one person; send a batch of identify events to /api/track");
  }

  @Override
  public Decoded decode(Request request) {
    return decoder.decode(request);
  }

  /** The identify event the request's object says. */
  static ObjectNode asEvent(ObjectNode body) {
    ObjectNode event = body.objectNode();
    event.put("event", IncomingEvent.IDENTIFY);
    ObjectNode actor = event.putObject("actor");
    actor.set("user_id", text(body, "user_id", true));
    JsonNode anonymous = text(body, "anonymous_id", false);
    if (anonymous != null) {
      actor.set("anonymous_id", anonymous);
    }
    JsonNode traits = body.get("traits");
    if (traits != null && !traits.isNull()) {
      if (!traits.isObject()) {
        throw IngestException.invalid("traits", "traits must be an object of names and values");
      }
      event.set("traits", traits);
    }
    for (String copied : new String[] {"timestamp", "sent_at", "id", "context"}) {
      if (body.has(copied)) {
        event.set(copied, body.get(copied));
      }
    }
    return event;
  }

  private static JsonNode text(ObjectNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw IngestException.invalid(field, field + " is required: the site's id of the person");
      }
      return null;
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw IngestException.invalid(field, field + " must be a non-empty string");
    }
    if (v.textValue().length() > 256) {
      throw IngestException.invalid(field, field + " must be at most 256 characters");
    }
    return v;
  }
}
