package io.footfall.server.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard web app: an HTML shell for every page the app routes to on the client, its own ES
 * modules and stylesheet under {@code /app/}, and the JavaScript libraries it imports from WebJars
 * under {@code /webjars/}. The shell carries no data; every number comes from the statistics and
 * admin APIs, which check access as for any other caller.
 *
 * <p>The shell's import map names the libraries with the versions of the WebJars on the classpath
 * (read from their Maven properties), so upgrading a WebJar in the pom is all an upgrade takes. The
 * shell's Content-Security-Policy allows scripts from this origin only, plus the import map by its
 * hash. Beside the app: {@code /definitions}, docs/metrics.md as an HTML page; {@code
 * /favicon.ico}; and an HTML not-found page for browsers.
 */
public final class DashboardRoutes {
  /** Where the app's own files live on the classpath. */
  static final String ASSETS = "/io/footfall/server/app";

  /**
   * The pages the app routes to on the client. Settings tabs, ranges, filters and the rest of the
   * view state live in the query string; a shared link's token lives in the fragment, which the
   * browser never sends to the server (nor in a Referer).
   */
  public static final List<String> PAGES =
      List.of(
          "/",
          "/login",
          "/setup",
          "/reset-password",
          "/invite",
          "/compare",
          "/share",
          "/sites",
          "/sites/{id}",
          "/sites/{id}/settings",
          "/sites/{id}/people",
          "/sites/{id}/retention",
          "/sites/{id}/active-users",
          "/sites/{id}/paths",
          "/sites/{id}/funnels",
          "/sites/{id}/insights",
          "/sites/{id}/cohorts");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)\\.version}}");
  private static final Pattern IMPORT_MAP =
      Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

  private final byte[] shell;
  private final String contentSecurityPolicy;
  private final byte[] definitions;
  private final byte[] favicon;

  private DashboardRoutes(
      byte[] shell, String contentSecurityPolicy, byte[] definitions, byte[] favicon) {
    this.shell = shell;
    this.contentSecurityPolicy = contentSecurityPolicy;
    this.definitions = definitions;
    this.favicon = favicon;
  }

  /** Reads the shell from the classpath and fills in the WebJars' versions. */
  public static DashboardRoutes load() {
    String html = new String(read(ASSETS + "/index.html"), StandardCharsets.UTF_8);
    Matcher m = PLACEHOLDER.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(webjarVersion(m.group(1))));
    }
    m.appendTail(out);
    String filled = out.toString();
    Matcher map = IMPORT_MAP.matcher(filled);
    if (!map.find()) {
      throw new IllegalStateException(ASSETS + "/index.html has no import map");
    }
    String csp =
        "default-src 'self'; script-src 'self' 'sha256-"
            + sha256Base64(map.group(1))
            + "'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    return new DashboardRoutes(
        filled.getBytes(StandardCharsets.UTF_8),
        csp,
        Definitions.page(new String(read(ASSETS + "/docs/metrics.md"), StandardCharsets.UTF_8)),
        read(ASSETS + "/favicon.svg"));
  }

  /**
   * The page a browser gets for an address nothing lives at: a request that accepts HTML for a path
   * outside {@code /api/} (API clients keep the JSON error).
   */
  static final String NOT_FOUND_PAGE = ASSETS + "/404.html";

  /** The Content-Security-Policy of the pages without scripts (definitions, not found). */
  private static final String STATIC_PAGE_POLICY =
      "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:;"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

  /**
   * The largest asset kept compressed in memory: every file of the app and of its WebJars is
   * smaller, so each is compressed once instead of on every request.
   */
  private static final int PRECOMPRESS_MAX_BYTES = 1 << 20;

  /**
   * Serves the app's files under {@code /app/} (revalidated on every load, so a new release shows
   * at once) and the WebJars under {@code /webjars/} (versioned paths, cached for a year), both
   * compressed once and kept in memory.
   */
  public static void assets(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/webjars";
          files.directory = "META-INF/resources/webjars";
          files.location = Location.CLASSPATH;
          files.precompressMaxSize = PRECOMPRESS_MAX_BYTES;
          files.headers = Map.of("Cache-Control", "max-age=31622400");
        });
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/app";
          files.directory = ASSETS;
          files.location = Location.CLASSPATH;
          files.precompressMaxSize = PRECOMPRESS_MAX_BYTES;
          files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
          files.mimeTypes.add("text/plain; charset=utf-8", "md");
        });
    // Runs before the JSON 404 of HttpServer, which leaves an answer that is already set alone.
    config.routes.error(
        404,
        "html",
        ctx -> {
          String result = ctx.result();
          boolean unanswered =
              result == null
                  || result.isEmpty()
                  || result.startsWith("Endpoint")
                  || result.equals("Not Found");
          if (unanswered && !ctx.path().startsWith("/api/")) {
            notFound(ctx);
          }
        });
  }

  public void register(RoutesConfig routes) {
    for (String page : PAGES) {
      routes.get(page, this::shell);
    }
    routes.get("/definitions", ctx -> staticPage(ctx, definitions));
    routes.get(
        "/favicon.ico",
        ctx ->
            ctx.contentType("image/svg+xml")
                .header("Cache-Control", "max-age=86400")
                .header("X-Content-Type-Options", "nosniff")
                .result(favicon));
  }

  /** Answers the HTML not-found page, status 404. */
  public static void notFound(Context ctx) {
    staticPage(ctx.status(404), NotFound.PAGE);
  }

  /** The not-found page, read once on first need. */
  private static final class NotFound {
    static final byte[] PAGE = read(NOT_FOUND_PAGE);
  }

  /**
   * An HTML page without scripts, styled by the app's stylesheet: the metric definitions, the
   * not-found page, a site's privacy page.
   */
  public static void staticPage(Context ctx, byte[] html) {
    ctx.contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", STATIC_PAGE_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .result(html);
  }

  private void shell(Context ctx) {
    ctx.contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", contentSecurityPolicy)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .result(shell);
  }

  private static String webjarVersion(String artifact) {
    String name = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    Properties p = new Properties();
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the WebJar " + artifact + " is not on the classpath (" + name + "); rebuild");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath; rebuild");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static String sha256Base64(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
