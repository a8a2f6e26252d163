package io.footfall.core;

import java.util.List;
import java.util.Objects;

/**
 * Per-site collection and privacy settings.
 *
 * @param consent what the tracker may do with a visitor: see {@link ConsentLevel}. Default {@link
 *     ConsentLevel#ANONYMOUS}.
 * @param respectDnt drop events whose request carries {@code DNT: 1}. Default true.
 * @param respectGpc drop events whose request carries {@code Sec-GPC: 1}. Default true.
 * @param userIds how identified users' ids are stored. Default {@link UserIdMode#PSEUDONYMIZE}.
 * @param piiKeys property and query-parameter names whose values are always removed, in addition to
 *     the built-in list (email, phone, name, password, ...); compared case-insensitively. At most
 *     {@value #MAX_PII_KEYS} names of 1 to 64 characters without commas.
 * @param validation whether events are checked against the site's event catalogue. Default {@link
 *     ValidationMode#OFF}.
 */
public record SiteSettings(
    ConsentLevel consent,
    boolean respectDnt,
    boolean respectGpc,
    UserIdMode userIds,
    List<String> piiKeys,
    ValidationMode validation) {

  public static final SiteSettings DEFAULTS =
      new SiteSettings(ConsentLevel.ANONYMOUS, true, true, UserIdMode.PSEUDONYMIZE, List.of());

  /** The most PII key names a site may add. */
  public static final int MAX_PII_KEYS = 100;

  /** Settings without catalogue validation ({@link ValidationMode#OFF}). */
  public SiteSettings(
      ConsentLevel consent,
      boolean respectDnt,
      boolean respectGpc,
      UserIdMode userIds,
      List<String> piiKeys) {
    this(consent, respectDnt, respectGpc, userIds, piiKeys, ValidationMode.OFF);
  }

  public SiteSettings {
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(validation, "validation");
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

  /**
   * Whether the collector takes a visitor's persistent anonymous id (sent by the tracker once the
   * visitor consented) as the visitor; when false, anonymous ids are ignored and every visitor is
   * counted cookieless.
   */
  public boolean persistentIds() {
    return consent.persistentIds();
  }

  /**
   * A site's consent level: what the tracker does before the visitor has chosen, and how far the
   * visitor's consent may go. A visitor's own choice ({@code footfall.consent}, the banner, the
   * opt-out page) is kept in the visitor's browser and never exceeds the site's level.
   */
  public enum ConsentLevel {
    /** Nothing is sent before the visitor consents; with consent, as {@link #FULL}. */
    NONE,
    /** Cookieless counting only: no identifier is stored or sent, identify is not used. */
    ANONYMOUS,
    /**
     * Cookieless counting until the visitor consents; with consent, a persistent anonymous id and
     * identify.
     */
    FULL;

    /** Whether a visitor who consented is recognised by a persistent anonymous id. */
    public boolean persistentIds() {
      return this != ANONYMOUS;
    }

    /** The name on the wire: {@code none}, {@code anonymous} or {@code full}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Whether events are checked against the site's event catalogue ({@link EventDefinition}).
   * Blocked events are never stored, whatever the mode.
   */
  public enum ValidationMode {
    /** Not checked. */
    OFF,
    /**
     * Checked and stored: each problem (a property missing, of the wrong type, out of its values or
     * range; an event not in the catalogue or unexpected) is counted per day and event.
     */
    WARN;

    /** The name on the wire: {@code off} or {@code warn}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
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
