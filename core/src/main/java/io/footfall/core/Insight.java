package io.footfall.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A saved report of one site: a name, the dashboard page it is a report of, and that page's state
 * as the page keeps it in its URL's query string, so that opening it is following a link.
 *
 * <p>The state is a query string without its leading {@code ?}, in the characters RFC 3986 allows
 * in a query (letters, digits, {@code -._~!$&'()*+,;=:@/?} and {@code %} followed by two hex
 * digits): what {@code URLSearchParams.toString()} writes. It is stored as text and never
 * interpreted on the server; the page that opens it validates it as it validates any URL.
 *
 * @param id stable identifier
 * @param siteId the site the insight belongs to
 * @param name display name, 1 to {@value #MAX_NAME_LENGTH} characters, not unique
 * @param kind the page the state belongs to
 * @param state the page's URL query string, at most {@value #MAX_STATE_LENGTH} characters, possibly
 *     empty (the page's defaults)
 * @param createdBy who saved it, as the audit log names actors ({@code person:p_1a2b}, {@code
 *     key:k_1a2b}, {@code bootstrap}), at most {@value #MAX_CREATED_BY_LENGTH} characters
 * @param createdAt when it was saved
 * @param updatedAt when it was last renamed or given a new state, or {@code createdAt}
 */
public record Insight(
    String id,
    String siteId,
    String name,
    Kind kind,
    String state,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  /** The longest name. */
  public static final int MAX_NAME_LENGTH = 100;

  /** The longest state: well within what browsers and proxies accept in a URL. */
  public static final int MAX_STATE_LENGTH = 4000;

  /** The longest actor name. */
  public static final int MAX_CREATED_BY_LENGTH = 100;

  // Possessive, so that a long state is matched in a loop instead of by recursion.
  private static final Pattern QUERY =
      Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]++|%[0-9A-Fa-f]{2})*+");

  /** The dashboard page an insight is a report of. */
  public enum Kind {
    STATS,
    FUNNELS,
    RETENTION,
    PATHS,
    ACTIVE_USERS;

    /** The API's and the page's name: {@code stats}, {@code funnels}, {@code active-users}. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of an API name, exactly as {@link #apiName()} writes it. */
    public static Optional<Kind> ofApiName(String name) {
      return Arrays.stream(values()).filter(k -> k.apiName().equals(name)).findFirst();
    }
  }

  public Insight {
    Checks.id("id", id);
    Checks.id("siteId", siteId);
    Checks.required("name", name, MAX_NAME_LENGTH);
    Objects.requireNonNull(kind, "kind");
    Checks.text("state", state, MAX_STATE_LENGTH);
    if (!isQueryString(state)) {
      throw new IllegalArgumentException(
          "state must be a URL query string without '?', was '" + Checks.shorten(state) + "'");
    }
    Checks.required("createdBy", createdBy, MAX_CREATED_BY_LENGTH);
    createdAt = Checks.instant("createdAt", createdAt);
    updatedAt = Checks.instant("updatedAt", updatedAt);
  }

  /**
   * Whether the text is a query string as this record keeps one: only the characters RFC 3986
   * allows in a query, every {@code %} followed by two hex digits, and no leading {@code ?}.
   */
  public static boolean isQueryString(String text) {
    return !text.startsWith("?") && QUERY.matcher(text).matches();
  }

  /** The same insight under another name, renamed at {@code at}. */
  public Insight renamed(String newName, Instant at) {
    return new Insight(id, siteId, newName, kind, state, createdBy, createdAt, at);
  }

  /** The same insight with another state of its page, updated at {@code at}. */
  public Insight restated(String newState, Instant at) {
    return new Insight(id, siteId, name, kind, newState, createdBy, createdAt, at);
  }
}
