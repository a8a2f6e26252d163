package io.footfall.server.net;

import io.footfall.server.settings.Env;
import java.util.ArrayList;
import java.util.List;

/**
 * Which proxies in front of Footfall are believed about the client's address.
 *
 * @param trustedProxies networks whose {@code X-Forwarded-For} is believed ({@code
 *     FOOTFALL_TRUSTED_PROXIES}, comma-separated CIDRs); default none
 */
public record NetSettings(List<Cidr> trustedProxies) {
  public static final NetSettings DEFAULTS = new NetSettings(List.of());

  public NetSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @throws IllegalArgumentException naming {@code FOOTFALL_TRUSTED_PROXIES} when a network does
   *     not parse
   */
  public static NetSettings fromEnvironment(Env env) {
    String key = "FOOTFALL_TRUSTED_PROXIES";
    List<Cidr> out = new ArrayList<>();
    for (String part : env.text(key, "").split(",")) {
      if (!part.isBlank()) {
        try {
          out.add(Cidr.parse(part.strip()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
      }
    }
    return new NetSettings(out);
  }
}
