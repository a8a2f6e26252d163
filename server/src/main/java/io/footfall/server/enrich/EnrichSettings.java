package io.footfall.server.enrich;

import io.footfall.server.settings.Env;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How events are enriched.
 *
 * @param geoipDatabase an mmdb file to use instead of the bundled country database ({@code
 *     FOOTFALL_GEOIP_DB}); default none
 */
public record EnrichSettings(Optional<Path> geoipDatabase) {
  public static final EnrichSettings DEFAULTS = new EnrichSettings(Optional.empty());

  public EnrichSettings {
    Objects.requireNonNull(geoipDatabase, "geoipDatabase");
  }

  public static EnrichSettings fromEnvironment(Env env) {
    return new EnrichSettings(env.path("FOOTFALL_GEOIP_DB"));
  }
}
