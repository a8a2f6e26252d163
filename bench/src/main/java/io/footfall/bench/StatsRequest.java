package io.footfall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request of the query benchmark, as an API client sends it: {@code GET /api/stats/...} with
 * query parameters, or {@code POST /api/query} with a JSON body.
 *
 * @param name how the report names it
 * @param pathAndQuery the path, with the query string for GET
 * @param jsonBody the body for {@code POST}; empty for GET
 * @param shown the request as the report shows it, without the site id and the relative date
 */
record StatsRequest(String name, String pathAndQuery, String jsonBody, String shown) {

  StatsRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    Objects.requireNonNull(jsonBody, "jsonBody");
    Objects.requireNonNull(shown, "shown");
  }

  boolean isPost() {
    return !jsonBody.isEmpty();
  }

  /** Whether the range follows the clock ({@code realtime}, {@code 30m}), not a relative date. */
  boolean movingRange() {
    return pathAndQuery.startsWith("/api/stats/realtime")
        || pathAndQuery.matches(".*[?&]date_range=(realtime|30m)(&.*)?")
        || jsonBody.matches(".*\"date_range\":\"(realtime|30m)\".*");
  }

  /** Whether the server fills the answer with every time bucket (the timeseries endpoint). */
  boolean fillsBuckets() {
    return pathAndQuery.startsWith("/api/stats/timeseries");
  }

  /** A {@code GET} of the endpoint with the parameters, in order, after the site id. */
  static StatsRequest get(String name, String endpoint, String siteId, String... params) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("site_id", siteId);
    for (int i = 0; i + 1 < params.length; i += 2) {
      all.put(params[i], params[i + 1]);
    }
    List<String> pairs = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    all.forEach(
        (k, v) -> {
          pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          if (!k.equals("site_id") && !k.equals("relative_date")) {
            shown.add(k + "=" + v);
          }
        });
    return new StatsRequest(
        name,
        endpoint + "?" + String.join("&", pairs),
        "",
        "GET " + endpoint + "?" + String.join("&", shown));
  }

  /** A {@code POST /api/query} of the body, with the site id and the relative date set. */
  static StatsRequest post(String name, String siteId, LocalDate relativeDate, ObjectNode body) {
    ObjectNode q = new ObjectMapper().createObjectNode();
    q.put("site_id", siteId);
    q.setAll(body);
    q.put("relative_date", relativeDate.toString());
    return new StatsRequest(name, "/api/query", q.toString(), "POST /api/query " + body);
  }

  /** The JSON array of the strings. */
  static ArrayNode array(String... values) {
    ArrayNode a = new ObjectMapper().createArrayNode();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }
}
