package io.footfall.server.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A statistics request in the query-string form that {@code GET /api/stats/*} and the exports take:
 * {@code site_id}, {@code metrics}, {@code date_range}, {@code filters}, {@code dimensions}, {@code
 * interval}, {@code limit}, {@code page}, {@code compare}, {@code order_by}, {@code relative_date}.
 * {@link QueryService#table} checks it with the same parser as the JSON model, so every mistake
 * answers the same 400 naming the field.
 *
 * @param shape what kind of answer is asked for
 * @param params parameter values by name; absent and empty mean the same
 */
public record StatsRequest(Shape shape, Map<String, String> params) {

  /** The kinds of answer, one per {@code /api/stats/*} convenience. */
  public enum Shape {
    AGGREGATE,
    TIMESERIES,
    BREAKDOWN,
    REALTIME,
    COMPARE
  }

  public StatsRequest {
    Objects.requireNonNull(shape, "shape");
    params = Map.copyOf(params);
  }

  /** The value of a parameter, stripped; empty when absent. */
  public String param(String name) {
    String v = params.get(name);
    return v == null ? "" : v.strip();
  }

  /** The same request with one parameter set (or replaced). */
  public StatsRequest with(String name, String value) {
    Map<String, String> out = new LinkedHashMap<>(params);
    out.put(name, value);
    return new StatsRequest(shape, out);
  }

  /** The same parameters asking for another kind of answer. */
  public StatsRequest as(Shape other) {
    return new StatsRequest(other, params);
  }
}
