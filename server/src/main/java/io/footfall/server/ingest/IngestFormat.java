package io.footfall.server.ingest;

import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One wire format of the collector: turns an incoming request into events, each validated by {@link
 * EventParser} or rejected with the field that failed. Today there are two: {@link RequestDecoder}
 * (JSON bodies of {@code POST /api/track}) and {@link PixelFormat} (query parameters of {@code GET
 * /api/track.gif}). A new endpoint (a Segment- or PostHog-compatible one) is one more
 * implementation registered on its path in {@link IngestRoutes}; everything after decoding (site
 * lookup, privacy, enrichment, group commit) is {@link IngestService}'s.
 *
 * <p>A format throws {@link IngestException} for a request it cannot read at all and returns a
 * rejected {@link EventParser.Result} for each event it can read but not accept. It must bound what
 * it reads ({@link IngestLimits}).
 */
interface IngestFormat {

  /** Decodes the request; called once per request, on the request's thread. */
  Decoded decode(Request request);

  /**
   * A request as a format sees it, free of the HTTP library.
   *
   * @param body the request body, not yet read (empty for a GET)
   * @param declaredLength the Content-Length header, or -1
   * @param headers the request headers, one value each; names are matched ignoring case
   * @param query the query parameters, each with its values in order
   */
  record Request(
      InputStream body,
      long declaredLength,
      Map<String, String> headers,
      Map<String, List<String>> query) {
    public Request {
      TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      byName.putAll(headers);
      headers = Collections.unmodifiableMap(byName);
      query = Map.copyOf(query);
    }

    /** The header's value, or empty when absent. */
    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    /** The first value of the query parameter, or null when absent. */
    String queryParam(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The site's write key named outside the body: the {@code X-Footfall-Site} header, else the
     * {@code site} query parameter, else empty. A key in the decoded body wins over it.
     */
    String siteKey() {
      String h = header("X-Footfall-Site");
      if (!h.isEmpty()) {
        return h;
      }
      String q = queryParam("site");
      return q == null || q.isBlank() ? "" : q.strip();
    }
  }

  /**
   * A decoded request: the site key named in the body (or empty), and each event or its rejection.
   * A single event ({@code batch} false) that failed validation is one rejected item; the service
   * counts it for the site and then refuses the request ({@link EventParser.Rejection#tooLarge}
   * says with which status).
   */
  record Decoded(String siteKey, List<EventParser.Result> items, boolean batch) {}
}
