package io.footfall.server.access;

import io.footfall.server.settings.Env;
import java.util.Objects;

/**
 * The installation's own tokens.
 *
 * @param adminToken bootstrap superuser Bearer token ({@code FOOTFALL_ADMIN_TOKEN}); empty disables
 *     it (default); at least 16 characters
 * @param metricsToken Bearer token a Prometheus scraper sends to read {@code /metrics} ({@code
 *     FOOTFALL_METRICS_TOKEN}); default empty: then only the admin token reads it, and with neither
 *     set {@code /metrics} answers 404
 */
public record AccessSettings(String adminToken, String metricsToken) {
  public static final AccessSettings DEFAULTS = new AccessSettings("", "");

  public AccessSettings {
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(metricsToken, "metricsToken");
    if (!adminToken.isEmpty() && adminToken.length() < 16) {
      throw new IllegalArgumentException(
          "FOOTFALL_ADMIN_TOKEN must be at least 16 characters, was " + adminToken.length());
    }
    if (!metricsToken.isEmpty() && metricsToken.length() < 16) {
      throw new IllegalArgumentException(
          "FOOTFALL_METRICS_TOKEN must be at least 16 characters, was " + metricsToken.length());
    }
  }

  public static AccessSettings fromEnvironment(Env env) {
    return new AccessSettings(
        env.text("FOOTFALL_ADMIN_TOKEN", DEFAULTS.adminToken),
        env.text("FOOTFALL_METRICS_TOKEN", DEFAULTS.metricsToken));
  }

  public AccessSettings withAdminToken(String value) {
    return new AccessSettings(value, metricsToken);
  }

  public AccessSettings withMetricsToken(String value) {
    return new AccessSettings(adminToken, value);
  }
}
