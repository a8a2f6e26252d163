package io.footfall.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A site's definition of one custom event in its event catalogue: what it means, who owns it, what
 * its properties must look like, and whether it is expected at all.
 *
 * @param siteId the site
 * @param name the event name, as events carry it (1 to {@value #MAX_NAME} characters)
 * @param description what the event means, at most {@value #MAX_TEXT} characters
 * @param owner who answers for it (a person or a team), at most {@value #MAX_OWNER} characters
 * @param tags labels, at most {@value #MAX_TAGS} of 1 to 40 characters without commas
 * @param status whether the event is expected, unexpected or blocked
 * @param properties the schema of its properties, at most {@value #MAX_PROPERTIES}, names unique
 * @param createdAt when it was first defined
 * @param updatedAt when it was last changed
 */
public record EventDefinition(
    String siteId,
    String name,
    String description,
    String owner,
    List<String> tags,
    Status status,
    List<PropertySchema> properties,
    Instant createdAt,
    Instant updatedAt) {

  public static final int MAX_NAME = 200;
  public static final int MAX_TEXT = 2000;
  public static final int MAX_OWNER = 200;
  public static final int MAX_TAGS = 20;
  public static final int MAX_PROPERTIES = 64;

  /**
   * A definition as a user writes it, before it belongs to a site and a time.
   *
   * @param name the event name
   */
  public record Draft(
      String name,
      String description,
      String owner,
      List<String> tags,
      Status status,
      List<PropertySchema> properties) {

    /** The definition for the site, created (or changed) at {@code now}. */
    public EventDefinition of(String siteId, Instant now) {
      return new EventDefinition(
          siteId, name, description, owner, tags, status, properties, now, now);
    }
  }

  /** Whether events of this name are wanted. */
  public enum Status {
    /** Defined and wanted: checked against the schema. */
    EXPECTED,
    /** Known but not wanted (e.g. a retired event still sent by old clients): listed, flagged. */
    UNEXPECTED,
    /** Never stored: refused at ingest, whatever the site's validation mode. */
    BLOCKED
  }

  public EventDefinition {
    Checks.required("name", name, MAX_NAME);
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    description = Objects.requireNonNullElse(description, "");
    owner = Objects.requireNonNullElse(owner, "");
    if (description.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "description is at most " + MAX_TEXT + " characters, was " + description.length());
    }
    if (owner.length() > MAX_OWNER) {
      throw new IllegalArgumentException(
          "owner is at most " + MAX_OWNER + " characters, was " + owner.length());
    }
    tags = List.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException(
          "tags holds at most " + MAX_TAGS + " tags, was " + tags.size());
    }
    for (String tag : tags) {
      if (tag.isBlank() || tag.length() > 40 || tag.contains(",")) {
        throw new IllegalArgumentException(
            "each tag is 1 to 40 characters without commas, was '" + Checks.shorten(tag) + "'");
      }
    }
    properties = List.copyOf(properties);
    if (properties.size() > MAX_PROPERTIES) {
      throw new IllegalArgumentException(
          "properties holds at most " + MAX_PROPERTIES + " schemas, was " + properties.size());
    }
    if (properties.stream().map(PropertySchema::name).distinct().count() != properties.size()) {
      throw new IllegalArgumentException("properties names each property once");
    }
  }

  /**
   * What is wrong with an event's properties under this definition, as one problem per property;
   * empty when they conform. Properties the schema does not name are allowed.
   *
   * @param properties the event's properties by name: a {@link String}, {@link BigDecimal}, {@link
   *     Boolean}, or null for a JSON null; nested values as anything else
   */
  public List<Problem> check(Map<String, Object> properties) {
    List<Problem> problems = new ArrayList<>();
    for (PropertySchema p : this.properties) {
      Object value = properties.get(p.name());
      if (value == null) {
        if (p.required()) {
          problems.add(new Problem(p.name(), Problem.Kind.MISSING, p.name() + " is required"));
        }
        continue;
      }
      p.problem(value).ifPresent(problems::add);
    }
    return problems;
  }

  /** One property's problem with its schema. */
  public record Problem(String property, Kind kind, String message) {
    /** The kinds, as data-quality counts them. */
    public enum Kind {
      MISSING,
      TYPE,
      ENUM,
      RANGE;

      public String wire() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }

  /**
   * The schema of one property.
   *
   * @param name the property name (1 to 100 characters)
   * @param type its type
   * @param required whether every event must carry it
   * @param allowed for strings, the only values allowed (empty: any), at most 100 of up to 200
   *     characters
   * @param min for numbers, the smallest value allowed, or null
   * @param max for numbers, the largest value allowed, or null
   */
  public record PropertySchema(
      String name,
      Type type,
      boolean required,
      List<String> allowed,
      BigDecimal min,
      BigDecimal max) {

    /** A property's JSON type. */
    public enum Type {
      STRING,
      NUMBER,
      BOOLEAN;

      public String wire() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    public PropertySchema {
      Checks.required("property name", name, 100);
      Objects.requireNonNull(type, "type");
      allowed = List.copyOf(allowed);
      if (allowed.size() > 100
          || allowed.stream().anyMatch(v -> v.isEmpty() || v.length() > 200 || v.contains("\n"))) {
        throw new IllegalArgumentException(
            name
                + ": allowed holds at most 100 values of 1 to 200 characters, without line breaks");
      }
      if (!allowed.isEmpty() && type != Type.STRING) {
        throw new IllegalArgumentException(name + ": allowed values are for strings only");
      }
      if ((min != null || max != null) && type != Type.NUMBER) {
        throw new IllegalArgumentException(name + ": min and max are for numbers only");
      }
      if (min != null && max != null && min.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
      }
    }

    java.util.Optional<Problem> problem(Object value) {
      boolean typed =
          switch (type) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof BigDecimal;
            case BOOLEAN -> value instanceof Boolean;
          };
      if (!typed) {
        return java.util.Optional.of(
            new Problem(name, Problem.Kind.TYPE, name + " must be a " + type.wire()));
      }
      if (value instanceof String s && !allowed.isEmpty() && !allowed.contains(s)) {
        return java.util.Optional.of(
            new Problem(
                name,
                Problem.Kind.ENUM,
                name
                    + " must be one of "
                    + String.join(", ", allowed)
                    + ", was '"
                    + Checks.shorten(s)
                    + "'"));
      }
      if (value instanceof BigDecimal n
          && ((min != null && n.compareTo(min) < 0) || (max != null && n.compareTo(max) > 0))) {
        return java.util.Optional.of(
            new Problem(
                name,
                Problem.Kind.RANGE,
                name
                    + " must lie in "
                    + (min == null ? "(-∞" : "[" + min.toPlainString())
                    + ", "
                    + (max == null ? "∞)" : max.toPlainString() + "]")
                    + ", was "
                    + n.toPlainString()));
      }
      return java.util.Optional.empty();
    }
  }
}
