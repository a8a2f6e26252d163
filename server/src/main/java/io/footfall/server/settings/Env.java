package io.footfall.server.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of {@code FOOTFALL_*} environment variables, each falling back to a default when the
 * variable is unset or blank. Every feature reads its own settings record through one of these;
 * errors name the variable and say what it must look like.
 */
public final class Env {
  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** The variables of {@code env} (such as {@link System#getenv()}). */
  public static Env of(Map<String, String> env) {
    return new Env(env);
  }

  /** The stripped value, or {@code fallback} when unset or blank. */
  public String text(String key, String fallback) {
    String v = vars.get(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /**
   * @throws IllegalArgumentException naming the variable when it is set and not an integer
   */
  public int integer(String key, int fallback) {
    String v = text(key, "");
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
    }
  }

  /**
   * A duration such as {@code 30s}, {@code 5m}, {@code 7d} or ISO-8601 {@code PT30M}.
   *
   * @throws IllegalArgumentException naming the variable when it is set and does not parse
   */
  public Duration duration(String key, Duration fallback) {
    String v = text(key, "");
    return v.isEmpty() ? fallback : Durations.parse(key, v);
  }

  /**
   * {@code true} unless the variable says {@code false} (any case); {@code fallback} when unset.
   */
  public boolean flag(String key, boolean fallback) {
    String v = text(key, "");
    return v.isEmpty() ? fallback : !v.equalsIgnoreCase("false");
  }

  /** A file or directory, when the variable is set. */
  public Optional<Path> path(String key) {
    String v = text(key, "");
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  /** Every set variable whose name starts with {@code prefix}, values stripped. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new HashMap<>();
    vars.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && !v.isBlank()) {
            out.put(k, v.strip());
          }
        });
    return out;
  }
}
