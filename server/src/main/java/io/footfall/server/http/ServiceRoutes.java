package io.footfall.server.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every installation serves besides its features: {@code /healthz} (the process answers),
 * {@code /readyz} (the collector is ready), the OpenAPI description, the tracker {@code /t.js} and
 * its consent banner add-on {@code /consent.js}, all built into the jar.
 */
public final class ServiceRoutes {
  private static final Logger log = LoggerFactory.getLogger(ServiceRoutes.class);

  private final BooleanSupplier ready;
  private final Optional<byte[]> tracker;
  private final Optional<byte[]> banner;
  private final byte[] openApi;

  /**
   * @param ready whether the server takes events ({@code /readyz} answers 503 until then)
   */
  public ServiceRoutes(BooleanSupplier ready) {
    this.ready = ready;
    this.tracker = resource("io/footfall/tracker/t.js");
    this.banner = resource("io/footfall/tracker/consent.js");
    this.openApi =
        resource("io/footfall/server/http/openapi.json")
            .orElseThrow(() -> new IllegalStateException("openapi.json is missing: rebuild"));
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          boolean up = ready.getAsBoolean();
          ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ready" : "not ready"));
        });
    routes.get(
        "/api/openapi.json",
        ctx ->
            ctx.contentType("application/json")
                .header("Access-Control-Allow-Origin", "*")
                .result(openApi));
    script(routes, "/t.js", tracker);
    script(routes, "/consent.js", banner);
  }

  /** A script that any site's pages load: cached for an hour, readable from any origin. */
  private static void script(RoutesConfig routes, String path, Optional<byte[]> content) {
    routes.get(
        path,
        ctx ->
            ctx.contentType("application/javascript; charset=utf-8")
                .header("Cache-Control", "public, max-age=3600")
                .header("Access-Control-Allow-Origin", "*")
                .result(
                    content.orElseThrow(
                        () ->
                            new MissingResource(
                                path.substring(1)
                                    + " was not built into this server;"
                                    + " rebuild with mvn package"))));
  }

  private static Optional<byte[]> resource(String name) {
    try (InputStream in = ServiceRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        log.warn("{} is missing from the classpath; it will answer 404", name);
        return Optional.empty();
      }
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /** A file that should have been built into the server is not there. */
  private static final class MissingResource extends FootfallException {
    private static final long serialVersionUID = 1L;

    MissingResource(String message) {
      super(404, "not_built", "", message);
    }
  }
}
