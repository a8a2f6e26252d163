package io.footfall.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.StoreConflictException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, every feature's routes, and the one place
 * where errors become responses: {@code {"error":{"code","field","message"}}} with the feature
 * exception's status. Anything else that escapes a handler is a bug: it is logged with its stack
 * trace and answered with a 500 that says so.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;

  private HttpServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts listening; {@code port} 0 picks a free port (see {@link #port()}). {@code staticFiles}
   * registers files served outside the router (the dashboard's assets).
   */
  public static HttpServer start(
      String host,
      int port,
      Consumer<JavalinConfig> staticFiles,
      List<Consumer<RoutesConfig>> features) {
    Javalin app =
        Javalin.create(
            config -> {
              config.concurrency.useVirtualThreads = true;
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.compressionStrategy = CompressionStrategy.GZIP;
              config.http.prefer405over404 = true;
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                  });
              staticFiles.accept(config);
              // First, so that every answer carries them: errors, 404s and static files too.
              config.routes.before(HttpServer::commonHeaders);
              for (Consumer<RoutesConfig> feature : features) {
                feature.accept(config.routes);
              }
              config.routes.exception(FootfallException.class, HttpServer::answer);
              config.routes.exception(Exception.class, HttpServer::unexpected);
              config.routes.error(
                  404,
                  "*",
                  ctx -> {
                    if (ctx.result() == null
                        || ctx.result().isEmpty()
                        || ctx.result().startsWith("Endpoint")
                        || ctx.result().equals("Not Found")) {
                      error(
                          ctx,
                          404,
                          "not_found",
                          "",
                          "no route for " + ctx.method() + " " + ctx.path());
                    }
                  });
              config.routes.error(
                  405,
                  "*",
                  ctx ->
                      error(
                          ctx,
                          405,
                          "method_not_allowed",
                          "",
                          ctx.method() + " is not allowed on " + ctx.path()));
            });
    app.start(host, port);
    return new HttpServer(app);
  }

  public int port() {
    return app.port();
  }

  /** Every endpoint as {@code METHOD path}, e.g. {@code GET /api/admin/sites/{id}}, sorted. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Headers every response gets. {@code nosniff} everywhere: a browser must never run an answer (an
   * error echoing input, an exported cell) as script or style it was not declared as.
   *
   * <p>{@code Cache-Control: no-store} on what {@link #carriesPrivateData} names: the API answers
   * hold secrets (session and CSRF tokens, API keys, shared-link tokens at creation), personal data
   * (members' names and emails, the audit log) or a tenant's confidential figures (statistics,
   * exports), all per caller; no browser disk cache or shared proxy may keep them. A handler that
   * needs something stricter sets its own header after this one.
   */
  private static void commonHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    if (carriesPrivateData(ctx.path())) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  /**
   * Whether answers on this path may carry secrets, personal data or statistics: the whole API but
   * its public description, and the Prometheus metrics. The dashboard's shell and assets, {@code
   * /t.js} and the health checks carry none and stay cacheable as their handlers say.
   */
  static boolean carriesPrivateData(String path) {
    return (path.startsWith("/api/") && !path.equals("/api/openapi.json"))
        || path.equals("/metrics");
  }

  private static void answer(FootfallException e, Context ctx) {
    e.headers().forEach(ctx::header);
    error(ctx, e.status(), e.code(), e.field(), e.getMessage());
  }

  private static void unexpected(Exception e, Context ctx) {
    if (e instanceof EofException || e.getCause() instanceof EofException) {
      // The client went away while sending its body; there is nobody to answer.
      error(ctx, 400, "incomplete_body", "body", "the request body ended early");
      return;
    }
    if (e instanceof io.footfall.core.query.PastRetentionException p) {
      // Raw retention deleted what the report needs: the request's range, not the server, is at
      // fault, and the answer says which range can still be asked about.
      error(
          ctx,
          400,
          "past_raw_retention",
          "date_range",
          "this report needs raw events from before "
              + p.horizonText()
              + ", which the site's raw retention has deleted; choose a range that starts on "
              + p.horizonText()
              + " or later (traffic reports of whole days still answer from the daily"
              + " aggregates)");
      return;
    }
    if (e instanceof StoreConflictException) {
      // A write the metadata store refused (a taken value, a missing reference) that no service
      // checked first: the request's doing, not the server's, so a 409 rather than a 500. The
      // store's text names ids and tables, so it goes to the log, not to the client.
      log.warn(
          "store conflict in {} {} not checked before the write: {}",
          ctx.method(),
          ctx.path(),
          e.getMessage());
      error(
          ctx,
          409,
          "conflict",
          "",
          "the change conflicts with what exists (a name or value taken, or something it refers to"
              + " missing)");
      return;
    }
    // The exception (its class, message and stack) is for the operator's log; the client gets a
    // reference to quote that finds the line, nothing about the server's insides.
    String reference =
        Long.toHexString(
            java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    log.error("unexpected error {} in {} {}", reference, ctx.method(), ctx.path(), e);
    error(
        ctx,
        500,
        "internal_error",
        "",
        "the server failed to answer this request; the operator's log has the details under"
            + " reference "
            + reference);
  }

  private static void error(Context ctx, int status, String code, String field, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    if (!field.isEmpty()) {
      error.put("field", field);
    }
    error.put("message", message);
    drainBody(ctx);
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  /** How much of an unread request body an error answer reads away before it is sent. */
  static final int DRAIN_LIMIT_BYTES = 4 << 20;

  /**
   * Reads what is left of the request body (up to {@link #DRAIN_LIMIT_BYTES}) before an error is
   * answered. An answer given before the body was read (a refused credential, a bad parameter)
   * would otherwise be followed by closing a connection that still holds unread bytes, which resets
   * it, and the reset can discard the answer before the client reads it: the client sees no answer
   * at all (found by NoServerErrorFuzzTest with a 140 KB body and a wrong key). Past the limit the
   * connection is closed as before.
   */
  private static void drainBody(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[8192];
      long left = DRAIN_LIMIT_BYTES;
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException | IllegalStateException | UncheckedIOException e) {
      // Already read as text, or the client is gone: nothing to drain.
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
