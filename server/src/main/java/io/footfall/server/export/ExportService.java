package io.footfall.server.export;

import io.footfall.server.access.Principal;
import io.footfall.server.query.QueryService;
import io.footfall.server.query.StatsRequest;
import io.footfall.server.query.StatsTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Exports what the dashboard shows: one breakdown or the timeseries as CSV, every panel of a view
 * as a ZIP of CSVs, and a view as a PDF report. Every statistic is read through {@link
 * QueryService}, which checks the caller's access to the site and the request exactly as {@code
 * /api/stats/*} does.
 */
public final class ExportService {
  /** The most rows of one CSV. */
  public static final int MAX_ROWS = QueryService.MAX_TABLE_ROWS;

  /** Rows per panel in the PDF report. */
  static final int TOP_ROWS = 10;

  /** The parameters of a view that exports keep; the rest (metrics, dimensions...) are ours. */
  private static final List<String> VIEW_PARAMS =
      List.of("site_id", "date_range", "period", "filters", "compare", "relative_date", "interval");

  private final QueryService queries;
  private final Clock clock;

  public ExportService(QueryService queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  /**
   * A file to hand out.
   *
   * @param name the file name offered to the browser, e.g. {@code
   *     shop.example-visit_source-2026-03-01-2026-03-31.csv}
   * @param contentType the media type
   * @param content the bytes
   */
  public record File(String name, String contentType, byte[] content) {}

  /** Every row of a breakdown by one dimension. */
  public File breakdownCsv(Principal p, StatsRequest request) {
    String dims =
        request.param("dimensions").isEmpty()
            ? request.param("property")
            : request.param("dimensions");
    if (dims.contains(",")) {
      throw ExportException.invalid(
          "dimensions", "a CSV export breaks down by one dimension, was '" + dims + "'");
    }
    StatsTable t = queries.table(p, request.as(StatsRequest.Shape.BREAKDOWN), MAX_ROWS);
    return new File(
        name(t, t.dimensions().get(0).replace(':', '_'), "csv"),
        "text/csv; charset=utf-8",
        Csv.of(t));
  }

  /** One row per time bucket of the range. */
  public File timeseriesCsv(Principal p, StatsRequest request) {
    StatsTable t = queries.table(p, request.as(StatsRequest.Shape.TIMESERIES), MAX_ROWS);
    return new File(name(t, "timeseries", "csv"), "text/csv; charset=utf-8", Csv.of(t));
  }

  /** aggregate.csv, timeseries.csv and one CSV per {@link Panel}, in a ZIP. */
  public File viewZip(Principal p, StatsRequest request) {
    StatsRequest view = view(request);
    StatsTable totals = queries.table(p, totals(view), 1);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("aggregate.csv", Csv.of(totals));
    files.put("timeseries.csv", Csv.of(queries.table(p, timeseries(view), MAX_ROWS)));
    for (Panel panel : Panel.values()) {
      files.put(panel.fileName() + ".csv", Csv.of(queries.table(p, panel(view, panel), MAX_ROWS)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipEntry entry = new ZipEntry(f.getKey());
        entry.setTime(clock.millis());
        zip.putNextEntry(entry);
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing a ZIP in memory failed", e);
    }
    return new File(name(totals, "view", "zip"), "application/zip", bytes.toByteArray());
  }

  /** The view as a PDF: title page, totals, timeseries chart, top rows of each panel. */
  public File reportPdf(Principal p, StatsRequest request) {
    return pdf(content(p, request));
  }

  /** The PDF of a report's content. */
  public static File pdf(PdfReport.Content c) {
    return new File(name(c.totals(), "report", "pdf"), "application/pdf", PdfReport.render(c));
  }

  /** What the PDF of a view shows, read with the caller's access. */
  public PdfReport.Content content(Principal p, StatsRequest request) {
    StatsRequest view = view(request);
    StatsTable totals = queries.table(p, totals(view), 1);
    StatsTable series = queries.table(p, timeseries(view), MAX_ROWS);
    List<PdfReport.PanelTable> panels = new ArrayList<>();
    for (Panel panel : Panel.values()) {
      panels.add(new PdfReport.PanelTable(panel, queries.top(p, panel(view, panel), TOP_ROWS)));
    }
    return new PdfReport.Content(totals, series, panels, clock.instant());
  }

  private static StatsRequest view(StatsRequest request) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : VIEW_PARAMS) {
      if (!request.param(name).isEmpty()) {
        kept.put(name, request.param(name));
      }
    }
    return new StatsRequest(StatsRequest.Shape.AGGREGATE, kept);
  }

  private static StatsRequest totals(StatsRequest view) {
    return view.as(StatsRequest.Shape.AGGREGATE)
        .with("metrics", String.join(",", Panel.KPI_METRICS));
  }

  private static StatsRequest timeseries(StatsRequest view) {
    return view.as(StatsRequest.Shape.TIMESERIES)
        .with("metrics", String.join(",", List.of("visitors", "visits", "pageviews")));
  }

  private static StatsRequest panel(StatsRequest view, Panel panel) {
    return view.as(StatsRequest.Shape.BREAKDOWN)
        .with("dimensions", panel.dimension())
        .with("metrics", String.join(",", panel.metrics()));
  }

  /** {@code <site>-<what>-<first day>-<last day>.<ext>}, safe as a file name anywhere. */
  static String name(StatsTable t, String what, String ext) {
    LocalDate first = t.period().localFrom().toLocalDate();
    LocalDate last =
        t.period().localTo().toLocalTime().equals(LocalTime.MIDNIGHT)
            ? t.period().localTo().toLocalDate().minusDays(1)
            : t.period().localTo().toLocalDate();
    if (last.isBefore(first)) {
      last = first;
    }
    String site = t.site().domain().isBlank() ? t.site().id() : t.site().domain();
    return safe(site) + "-" + safe(what) + "-" + first + "-" + last + "." + ext;
  }

  private static String safe(String part) {
    String s = part.replaceAll("[^A-Za-z0-9._-]+", "_");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}
