package io.footfall.server.export;

import io.footfall.core.query.Filter;
import io.footfall.server.query.StatsTable;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.Image;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfTemplate;
import org.openpdf.text.pdf.PdfWriter;

/**
 * Renders a view as a PDF with OpenPDF: a title page (site, range in the site's time zone, the
 * comparison, filters, when it was made), the totals with their change, a timeseries chart drawn by
 * JFreeChart straight into the PDF as vector graphics, and the top rows of every {@link Panel}.
 *
 * <p>Text uses Liberation Sans (metric-compatible with Helvetica and Arial, from OpenPDF's
 * openpdf-fonts-extra on the classpath, nothing read from the host), embedded as a subset with
 * Unicode encoding: Latin, Greek and Cyrillic print as they are (a site in Łódź, a page /москва);
 * characters the font lacks (CJK among them) print as {@code ?}.
 */
public final class PdfReport {
  private static final BaseFont SANS = font("liberation/LiberationSans-Regular.ttf");
  private static final BaseFont SANS_BOLD = font("liberation/LiberationSans-Bold.ttf");
  private static final Font TITLE = new Font(SANS_BOLD, 26);
  private static final Font HEADING = new Font(SANS_BOLD, 14);
  private static final Font LABEL = new Font(SANS_BOLD, 9);
  private static final Font BODY = new Font(SANS, 9);
  private static final Font LARGE = new Font(SANS, 12);
  private static final Color ACCENT = new Color(0x4f, 0x46, 0xe5);
  private static final Color SECOND = new Color(0x10, 0xb9, 0x81);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("d MMMM uuuu HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter GENERATED =
      DateTimeFormatter.ofPattern("d MMMM uuuu HH:mm zzz", Locale.ENGLISH);

  private PdfReport() {}

  /** One panel's top rows. */
  record PanelTable(Panel panel, StatsTable table) {}

  /**
   * What a report shows.
   *
   * @param totals the view's totals ({@link Panel#KPI_METRICS})
   * @param timeseries every bucket of the range
   * @param panels the top rows of each panel, in {@link Panel} order
   * @param generatedAt when the report was made
   */
  public record Content(
      StatsTable totals, StatsTable timeseries, List<PanelTable> panels, Instant generatedAt) {}

  static byte[] render(Content c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Document doc = new Document(PageSize.A4, 42, 42, 48, 48);
    PdfWriter writer = PdfWriter.getInstance(doc, out);
    StatsTable t = c.totals();
    doc.addTitle(clean("Footfall report: " + t.site().name() + ", " + range(t.period())));
    doc.addCreator("Footfall");
    doc.open();
    titlePage(doc, c);
    doc.newPage();
    doc.add(heading("Totals"));
    doc.add(totals(t));
    doc.add(heading("Over time"));
    doc.add(chart(writer, c.timeseries()));
    for (PanelTable p : c.panels()) {
      doc.add(panel(p));
    }
    doc.close();
    return out.toByteArray();
  }

  private static void titlePage(Document doc, Content c) {
    StatsTable t = c.totals();
    Paragraph title = new Paragraph("Footfall report", TITLE);
    title.setSpacingBefore(160);
    title.setSpacingAfter(8);
    doc.add(title);
    Paragraph site =
        new Paragraph(clean(t.site().name() + " (" + t.site().domain() + ")"), HEADING);
    site.setSpacingAfter(28);
    doc.add(site);
    PdfPTable facts = new PdfPTable(new float[] {1, 3});
    facts.setWidthPercentage(100);
    fact(facts, "Period", range(t.period()) + " (" + t.period().zone().getId() + ")");
    fact(
        facts,
        "Compared with",
        t.comparison()
            .map(p -> range(p) + " (" + t.comparisonMode().orElse("").replace('_', ' ') + ")")
            .orElse("no comparison"));
    fact(facts, "Filters", t.filters().isEmpty() ? "none" : filters(t.filters()));
    fact(
        facts,
        "Generated",
        ZonedDateTime.ofInstant(c.generatedAt(), t.period().zone()).format(GENERATED));
    doc.add(facts);
  }

  private static void fact(PdfPTable table, String label, String value) {
    PdfPCell l = new PdfPCell(new Phrase(label, LABEL));
    l.setBorder(0);
    l.setPaddingBottom(6);
    table.addCell(l);
    PdfPCell v = new PdfPCell(new Phrase(clean(value), LARGE));
    v.setBorder(0);
    v.setPaddingBottom(6);
    table.addCell(v);
  }

  /** {@code 2 March 2026 – 8 March 2026}: whole days by their dates, other ranges with times. */
  public static String range(StatsTable.Period p) {
    boolean wholeDays =
        p.localFrom().toLocalTime().equals(LocalTime.MIDNIGHT)
            && p.localTo().toLocalTime().equals(LocalTime.MIDNIGHT);
    if (wholeDays) {
      LocalDateTime last = p.localTo().minusDays(1);
      return p.localFrom().format(DAY) + " - " + last.format(DAY);
    }
    return p.localFrom().format(DAY_TIME) + " - " + p.localTo().format(DAY_TIME);
  }

  /** {@code visit:source is Google, Bing; event:page contains /blog}. */
  static String filters(List<Filter> filters) {
    return String.join(
        "; ",
        filters.stream()
            .map(
                f ->
                    f.dimensionApiName()
                        + " "
                        + f.op().apiName().replace('_', ' ')
                        + " "
                        + String.join(", ", f.values()))
            .toList());
  }

  private static Paragraph heading(String text) {
    Paragraph p = new Paragraph(clean(text), HEADING);
    p.setSpacingBefore(14);
    p.setSpacingAfter(6);
    return p;
  }

  private static PdfPTable totals(StatsTable t) {
    boolean compare = t.comparison().isPresent();
    PdfPTable table =
        compare ? new PdfPTable(new float[] {3, 2, 2, 2}) : new PdfPTable(new float[] {3, 2});
    table.setWidthPercentage(100);
    table.setHeaderRows(1);
    header(table, "Metric", false);
    header(table, "This period", true);
    if (compare) {
      header(table, "Compared period", true);
      header(table, "Change", true);
    }
    StatsTable.Row row = t.rows().isEmpty() ? null : t.rows().get(0);
    for (int i = 0; i < t.metrics().size(); i++) {
      String metric = t.metrics().get(i);
      cell(table, label(metric), false);
      cell(table, row == null ? "" : value(row.metrics().get(i)), true);
      if (compare && row != null) {
        StatsTable.Comparison before = row.comparison().orElseThrow();
        cell(table, value(before.metrics().get(i)), true);
        cell(table, change(metric, before.change().get(i)), true);
      } else if (compare) {
        cell(table, "", true);
        cell(table, "", true);
      }
    }
    return table;
  }

  private static String panelHeading(PanelTable p) {
    long total = p.table().totalRows();
    return p.panel().title()
        + (total > p.table().rows().size()
            ? " (top " + p.table().rows().size() + " of " + total + ")"
            : "");
  }

  private static PdfPTable panel(PanelTable p) {
    StatsTable t = p.table();
    boolean compare = t.comparison().isPresent();
    int columns = 1 + t.metrics().size() + (compare ? 1 : 0);
    float[] widths = new float[columns];
    widths[0] = 4;
    for (int i = 1; i < columns; i++) {
      widths[i] = 1.4f;
    }
    PdfPTable table = new PdfPTable(widths);
    table.setWidthPercentage(100);
    table.setSpacingBefore(14);
    // The heading is the table's first row, so that a page break never parts the two; a panel has
    // at most eleven rows, which always fit on one page.
    table.setKeepTogether(true);
    table.setHeaderRows(2);
    PdfPCell title = new PdfPCell(new Phrase(clean(panelHeading(p)), HEADING));
    title.setColspan(columns);
    title.setBorder(0);
    title.setPaddingBottom(6);
    table.addCell(title);
    header(table, p.panel().title(), false);
    t.metrics().forEach(m -> header(table, label(m), true));
    if (compare) {
      header(table, "Change (" + label(t.metrics().get(0)).toLowerCase(Locale.ROOT) + ")", true);
    }
    if (t.rows().isEmpty()) {
      PdfPCell none = new PdfPCell(new Phrase("No data for this period", BODY));
      none.setColspan(columns);
      none.setBorder(0);
      table.addCell(none);
    }
    for (StatsTable.Row row : t.rows()) {
      cell(table, row.dimensions().get(0), false);
      row.metrics().forEach(m -> cell(table, value(m), true));
      if (compare) {
        cell(
            table,
            change(t.metrics().get(0), row.comparison().orElseThrow().change().get(0)),
            true);
      }
    }
    return table;
  }

  private static void header(PdfPTable table, String text, boolean right) {
    PdfPCell c = new PdfPCell(new Phrase(clean(text), LABEL));
    c.setBorder(PdfPCell.BOTTOM);
    c.setPaddingBottom(4);
    c.setHorizontalAlignment(right ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
    table.addCell(c);
  }

  private static void cell(PdfPTable table, String text, boolean right) {
    PdfPCell c = new PdfPCell(new Phrase(clean(text), BODY));
    c.setBorder(0);
    c.setPaddingBottom(3);
    c.setHorizontalAlignment(right ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
    table.addCell(c);
  }

  /** The timeseries as a line chart, drawn by JFreeChart into a PDF template (vector graphics). */
  private static Image chart(PdfWriter writer, StatsTable t) {
    TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone(t.period().zone()));
    for (int m = 0; m < t.metrics().size(); m++) {
      TimeSeries series = new TimeSeries(label(t.metrics().get(m)));
      for (StatsTable.Row row : t.rows()) {
        Object v = row.metrics().get(m);
        Instant at =
            LocalDateTime.parse(row.dimensions().get(0)).atZone(t.period().zone()).toInstant();
        series.addOrUpdate(
            new FixedMillisecond(at.toEpochMilli()),
            v == null ? null : Double.valueOf(((Number) v).doubleValue()));
      }
      data.addSeries(series);
    }
    DateAxis time = new DateAxis();
    time.setTimeZone(TimeZone.getTimeZone(t.period().zone()));
    time.setLocale(Locale.ENGLISH);
    NumberAxis count = new NumberAxis();
    count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    count.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    Color[] colors = {ACCENT, SECOND, new Color(0xf5, 0x9e, 0x0b)};
    for (int i = 0; i < t.metrics().size(); i++) {
      lines.setSeriesPaint(i, colors[i % colors.length]);
      lines.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    XYPlot plot = new XYPlot(data, time, count, lines);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xe5, 0xe7, 0xeb));
    plot.setRangeGridlinePaint(new Color(0xe5, 0xe7, 0xeb));
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    float width = 511;
    float height = 230;
    PdfContentByte cb = writer.getDirectContent();
    PdfTemplate template = cb.createTemplate(width, height);
    Graphics2D g = template.createGraphics(width, height);
    try {
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return Image.getInstance(template);
  }

  /** A metric's label: {@code Bounce rate (%)}. */
  public static String label(String metric) {
    return switch (metric) {
      case "visitors" -> "Visitors";
      case "visits" -> "Visits";
      case "pageviews" -> "Pageviews";
      case "views_per_visit" -> "Views per visit";
      case "bounce_rate" -> "Bounce rate (%)";
      case "visit_duration" -> "Visit duration (s)";
      case "conversions" -> "Conversions";
      case "conversion_rate" -> "Conversion rate (%)";
      case "events" -> "Events";
      default -> metric;
    };
  }

  /** A value as the API gives it: {@code 1234}, {@code 38.5}; empty when undefined. */
  public static String value(Object v) {
    return switch (v) {
      case null -> "";
      case BigDecimal d -> d.toPlainString();
      default -> v.toString();
    };
  }

  /** {@code +12.5%}, {@code -3.0 pp} for rates, {@code n/a} when undefined. */
  public static String change(String metric, BigDecimal change) {
    if (change == null) {
      return "n/a";
    }
    String sign = change.signum() > 0 ? "+" : "";
    boolean rate = metric.equals("bounce_rate") || metric.equals("conversion_rate");
    return sign + change.toPlainString() + (rate ? " pp" : "%");
  }

  /**
   * The text with every character the fonts lack (and control characters) replaced by {@code ?}.
   */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp ->
                out.appendCodePoint(
                    !Character.isISOControl(cp) && SANS.charExists(cp) && SANS_BOLD.charExists(cp)
                        ? cp
                        : '?'));
    return out.toString();
  }

  /** A TrueType font from the classpath, embedded (as the subset used) with Unicode encoding. */
  private static BaseFont font(String resource) {
    try (java.io.InputStream in = PdfReport.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath; rebuild");
      }
      return BaseFont.createFont(
          resource, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, in.readAllBytes(), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the font " + resource, e);
    }
  }
}
