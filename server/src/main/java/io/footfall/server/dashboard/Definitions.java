package io.footfall.server.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The metric definitions (docs/metrics.md) as the HTML page {@code /definitions}, which the
 * dashboard's explanations link to: rendered once at start, with the document's tables and an id on
 * every heading ({@code /definitions#metrics}). Raw HTML in the Markdown is escaped, not passed
 * through.
 */
final class Definitions {
  private Definitions() {}

  static byte[] page(String markdown) {
    List<Extension> extensions = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    Parser parser = Parser.builder().extensions(extensions).build();
    HtmlRenderer renderer =
        HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true).build();
    String body = renderer.render(parser.parse(markdown));
    String html =
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>Definitions · Footfall</title>
        <link rel="icon" href="/app/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/app/app.css">
        </head>
        <body>
        <header class="top"><a class="brand" href="/"><span class="logo" aria-hidden="true"></span>Footfall</a></header>
        <main class="page definitions" id="main">
        """
            + body
            + """
            </main>
            </body>
            </html>
            """;
    return html.getBytes(StandardCharsets.UTF_8);
  }
}
