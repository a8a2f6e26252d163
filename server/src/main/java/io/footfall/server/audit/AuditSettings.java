package io.footfall.server.audit;

import io.footfall.server.settings.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The audit log's settings.
 *
 * @param retention how long entries are kept ({@code FOOTFALL_AUDIT_RETENTION}); default 90 days
 */
public record AuditSettings(Duration retention) {
  public static final AuditSettings DEFAULTS = new AuditSettings(Duration.ofDays(90));

  public AuditSettings {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException(
          "FOOTFALL_AUDIT_RETENTION must be positive, was " + retention);
    }
  }

  public static AuditSettings fromEnvironment(Env env) {
    return new AuditSettings(env.duration("FOOTFALL_AUDIT_RETENTION", DEFAULTS.retention));
  }
}
