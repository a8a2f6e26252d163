package io.footfall.core.query;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a query groups or filters by. Names follow Plausible's Stats API v2: {@code event:*} for
 * what each event carries, {@code visit:*} for what describes the whole visit, {@code time:*} for
 * time buckets in the site's time zone. docs/metrics.md defines each one.
 *
 * @param kind the dimension
 * @param property for {@link Kind#PROPERTY}, the custom property's key; empty otherwise
 */
public record Dimension(Kind kind, String property) {

  /** Keys of custom properties a query may name: safe in a JSON path, as ingest allows them. */
  public static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

  /** Where a dimension's value lives. */
  public enum Level {
    /** On each event: a visit may have several values. */
    EVENT,
    /** The visit's, the same on each of its events (stamped at ingest, or derived per visit). */
    VISIT,
    /** A time bucket of the event's timestamp in the site's time zone. */
    TIME
  }

  /** The dimensions. */
  public enum Kind {
    PAGE("event:page", Level.EVENT),
    HOSTNAME("event:hostname", Level.EVENT),
    NAME("event:name", Level.EVENT),
    GOAL("event:goal", Level.EVENT),
    PROPERTY("event:props:", Level.EVENT),
    ENTRY_PAGE("visit:entry_page", Level.VISIT),
    EXIT_PAGE("visit:exit_page", Level.VISIT),
    SOURCE("visit:source", Level.VISIT),
    REFERRER("visit:referrer", Level.VISIT),
    MEDIUM("visit:medium", Level.VISIT),
    UTM_SOURCE("visit:utm_source", Level.VISIT),
    UTM_MEDIUM("visit:utm_medium", Level.VISIT),
    UTM_CAMPAIGN("visit:utm_campaign", Level.VISIT),
    UTM_TERM("visit:utm_term", Level.VISIT),
    UTM_CONTENT("visit:utm_content", Level.VISIT),
    COUNTRY("visit:country", Level.VISIT),
    REGION("visit:region", Level.VISIT),
    CITY("visit:city", Level.VISIT),
    BROWSER("visit:browser", Level.VISIT),
    BROWSER_VERSION("visit:browser_version", Level.VISIT),
    OS("visit:os", Level.VISIT),
    OS_VERSION("visit:os_version", Level.VISIT),
    DEVICE("visit:device", Level.VISIT),
    SCREEN("visit:screen", Level.VISIT),
    MINUTE("time:minute", Level.TIME),
    HOUR("time:hour", Level.TIME),
    DAY("time:day", Level.TIME),
    WEEK("time:week", Level.TIME),
    MONTH("time:month", Level.TIME);

    private final String apiName;
    private final Level level;

    Kind(String apiName, Level level) {
      this.apiName = apiName;
      this.level = level;
    }

    public String apiName() {
      return apiName;
    }

    public Level level() {
      return level;
    }
  }

  public Dimension {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(property, "property");
    if ((kind == Kind.PROPERTY) != !property.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.PROPERTY ? "a property dimension needs a key" : kind + " takes no key");
    }
    if (kind == Kind.PROPERTY && !PROPERTY_KEY.matcher(property).matches()) {
      throw new IllegalArgumentException(
          "property keys are 1 to 64 letters, digits, '_', '.', '$' or '-', was '"
              + property
              + "'");
    }
  }

  public static Dimension of(Kind kind) {
    return new Dimension(kind, "");
  }

  public static Dimension property(String key) {
    return new Dimension(Kind.PROPERTY, key);
  }

  /**
   * The dimension an API name stands for: {@code event:page}, {@code visit:source}, {@code
   * event:props:plan}, {@code time:day}, or the bare names ({@code page}, {@code source}, ...).
   */
  public static Optional<Dimension> byApiName(String name) {
    if (name.startsWith("event:props:")) {
      String key = name.substring("event:props:".length());
      return PROPERTY_KEY.matcher(key).matches() ? Optional.of(property(key)) : Optional.empty();
    }
    for (Kind k : Kind.values()) {
      if (k == Kind.PROPERTY) {
        continue;
      }
      if (k.apiName.equals(name) || k.apiName.substring(k.apiName.indexOf(':') + 1).equals(name)) {
        return Optional.of(of(k));
      }
    }
    return Optional.empty();
  }

  /** Every name {@link #byApiName} accepts, for error messages and the API document. */
  public static List<String> apiNames() {
    return Arrays.stream(Kind.values())
        .map(k -> k == Kind.PROPERTY ? "event:props:<key>" : k.apiName())
        .toList();
  }

  public String apiName() {
    return kind == Kind.PROPERTY ? kind.apiName() + property : kind.apiName();
  }

  public boolean isTime() {
    return kind.level() == Level.TIME;
  }
}
