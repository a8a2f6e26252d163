package io.footfall.server.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web site that embeds the tracker in browser tests: a plain HTTP server on its own loopback
 * port, reached by the browser under the host name {@link #HOST}, so the tracker always talks to
 * the Footfall server cross-origin, the way it does in production.
 *
 * <p>Every path serves the page registered for it, or the default page, so SPA deep links and
 * reloads work.
 */
final class SitePages implements AutoCloseable {

  /** The site's host name; the browser maps it to 127.0.0.1 (see {@link #HOST_RESOLVER_RULE}). */
  static final String HOST = "shop.example";

  /** Outbound links point here: another host, and a port nobody listens on. */
  static final String OUTBOUND_URL = "http://partner.example:1/deals?ref=shop";

  /**
   * Chromium switch that makes {@link #HOST} resolve to the loopback address, and the partner host
   * of {@link #OUTBOUND_URL} to another loopback address, so following that link fails fast without
   * leaving the machine. (An IP literal in the link would do the same, but the server rightly
   * scrubs IP addresses out of event properties.)
   */
  static final String HOST_RESOLVER_RULE =
      "--host-resolver-rules=MAP " + HOST + " 127.0.0.1, MAP partner.example 127.0.0.2";

  private final HttpServer http;
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private volatile String defaultPage = "";

  private SitePages(HttpServer http) {
    this.http = http;
  }

  static SitePages start() throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SitePages site = new SitePages(http);
    http.createContext("/", site::serve);
    http.start();
    return site;
  }

  /** The absolute URL of a path on the site, e.g. {@code http://shop.example:41234/pricing}. */
  String url(String path) {
    return "http://" + HOST + ":" + http.getAddress().getPort() + path;
  }

  /** Serves {@code html} for every path without a page of its own. */
  void serveByDefault(String html) {
    defaultPage = html;
  }

  /** Serves {@code html} at exactly {@code path}. */
  void serve(String path, String html) {
    pages.put(path, html);
  }

  /**
   * A shop page that loads the tracker the documented way: the queueing stub first, then the
   * deferred script tag.
   *
   * @param trackerSrc absolute URL of {@code /t.js} on the Footfall server
   * @param writeKey the site's write key
   * @param title the document title
   * @param extraAttributes further attributes of the script tag, e.g. {@code data-hash="true"}
   * @param beforeTracker script run before the tracker loads, e.g. early {@code footfall(...)}
   *     calls
   */
  static String shopPage(
      String trackerSrc,
      String writeKey,
      String title,
      String extraAttributes,
      String beforeTracker) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>%s</title>
          <script>
            window.footfall = window.footfall || function () {
              (footfall.q = footfall.q || []).push(arguments);
            };
            %s
          </script>
          <script defer data-site="%s" src="%s" %s></script>
        </head>
        <body>
          <h1>%s</h1>
          <a id="outbound" href="%s">Our partner</a>
          <a id="download" href="/files/price-list.pdf" download>Price list (PDF)</a>
          <button id="tagged" data-footfall-event="cta_click" data-footfall-prop-position="hero"
                  data-footfall-prop-variant="b">Try it</button>
        </body>
        </html>
        """
        .formatted(
            title, beforeTracker, writeKey, trackerSrc, extraAttributes, title, OUTBOUND_URL);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      String type;
      if (path.startsWith("/files/")) {
        body = "%PDF-1.4 price list".getBytes(StandardCharsets.US_ASCII);
        type = "application/pdf";
      } else {
        body = pages.getOrDefault(path, defaultPage).getBytes(StandardCharsets.UTF_8);
        type = "text/html; charset=utf-8";
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
