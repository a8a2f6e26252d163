package io.footfall.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus exposition, for a scraper that sends {@code Authorization:
 * Bearer <token>} with the scrape token ({@code FOOTFALL_METRICS_TOKEN}) or the installation token
 * ({@code FOOTFALL_ADMIN_TOKEN}). The metrics name sites' traffic rates, queue depths and error
 * counts, which is not for anonymous eyes.
 *
 * <p>Without either token configured nobody can read the metrics, and the endpoint answers 404
 * {@code metrics_disabled} naming the key to set: a 401 would tell the scraper's operator to fix
 * their credentials when there is no credential that could work. With a token configured, a missing
 * or wrong one answers 401 with {@code WWW-Authenticate: Bearer}. {@code /healthz} and {@code
 * /readyz} stay open: load balancers probe them without credentials and they reveal nothing.
 */
public final class MetricsEndpoint {
  private final byte[] scrapeToken;
  private final Predicate<String> isInstallationToken;
  private final boolean installationTokenSet;
  private final Supplier<String> scrape;

  /**
   * @param scrapeToken the configured scrape token, empty when none
   * @param installationToken the configured installation token, empty when none
   * @param isInstallationToken compares a presented token with the installation token in constant
   *     time
   * @param scrape the exposition text
   */
  public MetricsEndpoint(
      String scrapeToken,
      String installationToken,
      Predicate<String> isInstallationToken,
      Supplier<String> scrape) {
    this.scrapeToken = scrapeToken.getBytes(StandardCharsets.UTF_8);
    this.installationTokenSet = !installationToken.isEmpty();
    this.isInstallationToken = isInstallationToken;
    this.scrape = scrape;
  }

  public void register(RoutesConfig routes) {
    routes.get("/metrics", this::answer);
  }

  private void answer(Context ctx) {
    if (scrapeToken.length == 0 && !installationTokenSet) {
      throw new MetricsException(
          404,
          "metrics_disabled",
          "metrics are off: set FOOTFALL_METRICS_TOKEN and scrape with"
              + " 'Authorization: Bearer <token>'");
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new MetricsException(
          401, "unauthenticated", "/metrics needs 'Authorization: Bearer <scrape token>'");
    }
    String token = header.substring(7).strip();
    boolean scrapeTokenMatches =
        scrapeToken.length > 0
            && MessageDigest.isEqual(scrapeToken, token.getBytes(StandardCharsets.UTF_8));
    if (!scrapeTokenMatches && !isInstallationToken.test(token)) {
      throw new MetricsException(
          401, "unauthenticated", "the token is neither the scrape token nor the installation's");
    }
    ctx.contentType("text/plain; version=0.0.4").result(scrape.get());
  }

  /** A scrape without a valid token (401) or on an installation without one (404). */
  static final class MetricsException extends FootfallException {
    private static final long serialVersionUID = 1L;

    MetricsException(int status, String code, String message) {
      super(status, code, "", message);
    }

    @Override
    public Map<String, String> headers() {
      return status() == 401 ? Map.of("WWW-Authenticate", "Bearer realm=\"metrics\"") : Map.of();
    }
  }
}
