package io.footfall.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.net.ClientAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Base64;

/**
 * HTTP routes of the collector: {@code POST /api/track} (JSON, CORS-enabled, gzip allowed), {@code
 * GET /api/track.gif} for pages without JavaScript, and {@code POST /api/identify} (one person).
 */
public final class IngestRoutes {
  private static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final IngestService service;
  private final ClientAddress addresses;
  private final ServerCallers serverCallers;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param serverCallers whether a Bearer token proves a server-side caller of a site (which may
   *     backfill, forward its visitors' IP and user agent, and is not judged by its own user agent)
   */
  public IngestRoutes(IngestService service, ClientAddress addresses, ServerCallers serverCallers) {
    this.service = service;
    this.addresses = addresses;
    this.serverCallers = serverCallers;
  }

  public void register(RoutesConfig routes) {
    routes.before("/api/track", IngestRoutes::cors);
    routes.before("/api/track.gif", IngestRoutes::cors);
    routes.before("/api/identify", IngestRoutes::cors);
    for (String path : new String[] {"/api/track", "/api/identify"}) {
      routes.options(
          path,
          ctx ->
              ctx.status(204)
                  .header("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
                  .header(
                      "Access-Control-Allow-Headers",
                      "Content-Type, Content-Encoding, X-Footfall-Site, Authorization")
                  .header("Access-Control-Max-Age", "86400"));
    }
    routes.post("/api/track", ctx -> collect(ctx, service.json()));
    routes.post("/api/identify", ctx -> collect(ctx, service.identify()));
    routes.get("/api/track.gif", this::pixel);
  }

  private static void cors(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
    // Browsers hide Retry-After from cross-origin scripts unless it is exposed.
    ctx.header("Access-Control-Expose-Headers", "Retry-After");
  }

  private void collect(Context ctx, IngestFormat format) throws IOException {
    IngestService.Result result = service.ingest(format, request(ctx), sender(ctx), serverCallers);
    if (result.accepted() == 0
        && result.duplicates() == 0
        && result.bots() + result.optedOut() == 0
        && !result.rejected().isEmpty()) {
      ObjectNode body = json.createObjectNode();
      ObjectNode error = body.putObject("error");
      error.put("code", "invalid_batch");
      error.put("field", "batch");
      error.put(
          "message", "all " + result.rejected().size() + " events of the batch were rejected");
      error.set("rejected", rejections(result));
      ctx.status(400).contentType("application/json").result(json.writeValueAsBytes(body));
      return;
    }
    ObjectNode body = json.createObjectNode();
    body.put("accepted", result.accepted());
    body.put("duplicates", result.duplicates());
    // Events counted but not stored, by reason, so that "accepted":0 never goes unexplained.
    body.putObject("filtered").put("bot", result.bots()).put("opted_out", result.optedOut());
    body.set("rejected", rejections(result));
    ctx.status(202).contentType("application/json").result(json.writeValueAsBytes(body));
  }

  private ArrayNode rejections(IngestService.Result result) {
    ArrayNode list = json.createArrayNode();
    for (EventParser.Rejection r : result.rejected()) {
      list.addObject().put("index", r.index()).put("field", r.field()).put("message", r.message());
    }
    return list;
  }

  private void pixel(Context ctx) throws IOException {
    service.ingest(service.pixel(), request(ctx), sender(ctx), serverCallers);
    ctx.status(202).contentType("image/gif").header("Cache-Control", "no-store").result(PIXEL);
  }

  private static IngestFormat.Request request(Context ctx) throws IOException {
    return new IngestFormat.Request(
        ctx.req().getInputStream(),
        ctx.req().getContentLengthLong(),
        ctx.headerMap(),
        ctx.queryParamMap());
  }

  private EventPipeline.Sender sender(Context ctx) {
    return new EventPipeline.Sender(
        addresses.resolve(ctx.req().getRemoteAddr(), header(ctx, "X-Forwarded-For")),
        header(ctx, "User-Agent"),
        "1".equals(header(ctx, "DNT")),
        "1".equals(header(ctx, "Sec-GPC")),
        header(ctx, "Authorization"),
        false,
        service.clock().instant());
  }

  private static String header(Context ctx, String name) {
    String v = ctx.header(name);
    return v == null ? "" : v;
  }
}
