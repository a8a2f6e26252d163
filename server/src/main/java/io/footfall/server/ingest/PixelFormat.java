package io.footfall.server.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The tracking pixel ({@code GET /api/track.gif}) for pages without JavaScript: one event from the
 * query parameters {@code e} (event name, default {@code pageview}), {@code u} (URL), {@code r}
 * (referrer), {@code t} (title) and {@code s} (screen). The parameters become an event node that
 * {@link EventParser} validates directly, with no JSON text in between.
 */
final class PixelFormat implements IngestFormat {
  private final EventParser parser;

  PixelFormat(IngestLimits limits) {
    this.parser = new EventParser(limits);
  }

  @Override
  public Decoded decode(Request request) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    String name = request.queryParam("e");
    event.put("event", name == null || name.isBlank() ? "pageview" : name.strip());
    ObjectNode context = event.putObject("context");
    putIfPresent(context, "url", request.queryParam("u"));
    putIfPresent(context, "referrer", request.queryParam("r"));
    putIfPresent(context, "title", request.queryParam("t"));
    putIfPresent(context, "screen", request.queryParam("s"));
    return new Decoded("", List.of(parser.parse(0, "", event)), false);
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }
}
