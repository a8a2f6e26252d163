package io.footfall.core;

import java.util.List;
import java.util.Objects;

/**
 * Per-site collection and privacy settings.
 *
 * @param consentMode when true, the tracker may send a persistent anonymous id after the visitor
 *     opted in, and the collector uses it as the visitor; when false, anonymous ids are ignored and
 *     visitors are counted cookieless. Default false.
 * @param respectDnt drop events whose request carries {@code DNT: 1}. Default true.
 * @param respectGpc drop events whose request carries {@code Sec-GPC: 1}. Default true.
 * @param userIds how identified users' ids are stored. Default {@link UserIdMode#PSEUDONYMIZE}.
 * @param piiKeys property and query-parameter names whose values are always removed, in addition to
 *     the built-in list (email, phone, name, password, ...); compared case-insensitively. At most
 *     {@value #MAX_PII_KEYS} names of 1 to 64 characters without commas.
 */
public record SiteSettings(
    boolean consentMode,
    boolean respectDnt,
    boolean respectGpc,
    UserIdMode userIds,
    List<String> piiKeys) {

  public static final SiteSettings DEFAULTS =
      new SiteSettings(false, true, true, UserIdMode.PSEUDONYMIZE, List.of());

  /** The most PII key names a site may add. */
  public static final int MAX_PII_KEYS = 100;

  public SiteSettings {
    Objects.requireNonNull(userIds, "userIds");
    piiKeys = List.copyOf(piiKeys);
    if (piiKeys.size() > MAX_PII_KEYS) {
      throw new IllegalArgumentException(
          "piiKeys may hold at most " + MAX_PII_KEYS + " names, was " + piiKeys.size());
    }
    for (String key : piiKeys) {
      // Stored comma-separated: a comma inside a name would split it on the way back.
      if (key.isBlank() || key.length() > 64 || key.contains(",")) {
        throw new IllegalArgumentException(
            "each PII key must be 1 to 64 characters without commas, was '"
                + Checks.shorten(key)
                + "'");
      }
    }
  }

  /** How a site's user ids are stored. */
  public enum UserIdMode {
    /** Stored exactly as the site sent them. */
    STORE,
    /** Replaced by a keyed hash, stable per site, so users can be counted but not named. */
    PSEUDONYMIZE
  }
}
