package io.footfall.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exports end to end: events sent through the collector over HTTP, exported over HTTP, and the
 * files opened with independent readers (a strict RFC 4180 reader, java.util.zip, PDFBox) and
 * checked against what was sent and against the JSON statistics API.
 */
class ExportRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";
  static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/blog/a,b");
  static final List<String> CAMPAIGNS =
      List.of("=HYPERLINK(\"http://evil.example\")", "spring, sale", "-rebate", "plain");

  static TestServer server;
  static TestServer.SiteKeys site;
  static Map<String, String> auth;
  static final Map<String, Integer> viewsByPath = new HashMap<>();
  static final Map<String, Set<Integer>> visitorsByCampaign = new HashMap<>();
  static int visitors;
  static int pageviews;

  @BeforeAll
  static void load() {
    server = TestServer.start();
    site = server.createSite("Export shop", "export.example", "Europe/Berlin");
    auth = Map.of("Authorization", "Bearer " + server.adminToken());
    Random random = new Random(7);
    ArrayNode batch = JSON.createArrayNode();
    Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    visitors = 40;
    for (int v = 0; v < visitors; v++) {
      Instant at = start.plusSeconds(random.nextInt(3600));
      String campaign = CAMPAIGNS.get(v % CAMPAIGNS.size());
      visitorsByCampaign.computeIfAbsent(campaign, c -> new HashSet<>()).add(v);
      int views = 1 + random.nextInt(4);
      for (int i = 0; i < views; i++) {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        String query =
            i == 0 ? "?utm_campaign=" + URLEncoder.encode(campaign, StandardCharsets.UTF_8) : "";
        batch.add(pageview(v, path + query, at));
        viewsByPath.merge(path, 1, Integer::sum);
        pageviews++;
        at = at.plusSeconds(30 + random.nextInt(300));
      }
    }
    // The week before, for comparisons: fewer visitors on two paths.
    Instant before = start.minus(Duration.ofDays(8));
    for (int v = 0; v < 12; v++) {
      batch.add(pageview(1000 + v, v % 2 == 0 ? "/pricing" : "/docs", before.plusSeconds(v)));
    }
    send(site, batch);
  }

  static ObjectNode pageview(int visitor, String pathAndQuery, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", "pageview");
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", at.toString());
    e.putObject("context")
        .put("url", "https://export.example" + pathAndQuery)
        .put("ip", "198.51." + (visitor / 200) + "." + (visitor % 200 + 1))
        .put("user_agent", UA);
    return e;
  }

  static void send(TestServer.SiteKeys to, ArrayNode batch) {
    for (int from = 0; from < batch.size(); from += 500) {
      ArrayNode part = JSON.createArrayNode();
      for (int i = from; i < Math.min(batch.size(), from + 500); i++) {
        part.add(batch.get(i));
      }
      ObjectNode body = JSON.createObjectNode();
      body.set("batch", part);
      Map<String, String> headers = new HashMap<>(auth);
      headers.put("X-Footfall-Site", to.writeKey());
      TestServer.Response r = server.post("/api/track", body.toString(), headers);
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      assertThat(r.json().get("accepted").asInt()).isEqualTo(part.size());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static TestServer.Response get(String path) {
    return server.get(path, auth);
  }

  /** The CSV as records; the header's first row checked for shape. */
  static List<List<String>> csv(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/csv");
    return CsvReader.parse(r.body());
  }

  static String today() {
    return LocalDate.now(ZoneId.of("Europe/Berlin")).toString();
  }

  @Test
  void breakdownCsvHasEveryPageQuotedAndNamedForTheSiteDimensionAndRange() {
    TestServer.Response r =
        get(
            "/api/export/breakdown.csv?site_id="
                + site.id()
                + "&date_range=7d&dimensions=event:page&metrics=pageviews,visitors");
    List<List<String>> rows = csv(r);
    assertThat(rows.get(0)).containsExactly("event:page", "pageviews", "visitors");
    Map<String, Integer> views = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      views.put(row.get(0), Integer.parseInt(row.get(1)));
    }
    // The earlier week's views lie outside 7d.
    assertThat(views).isEqualTo(viewsByPath);
    LocalDate last = LocalDate.now(ZoneId.of("Europe/Berlin"));
    assertThat(r.header("Content-Disposition"))
        .isEqualTo(
            "attachment; filename=\"export.example-event_page-"
                + last.minusDays(6)
                + "-"
                + last
                + ".csv\"");
  }

  @Test
  void breakdownCsvNeutralisesFormulasInTextButKeepsNegativeNumbers() {
    List<List<String>> rows =
        csv(
            get(
                "/api/export/breakdown.csv?site_id="
                    + site.id()
                    + "&date_range=7d&dimensions=visit:utm_campaign&metrics=visitors"));
    Map<String, Integer> byCampaign = new HashMap<>();
    rows.subList(1, rows.size())
        .forEach(row -> byCampaign.put(row.get(0), Integer.parseInt(row.get(1))));
    Map<String, Integer> expected = new HashMap<>();
    visitorsByCampaign.forEach(
        (campaign, vs) ->
            expected.put(
                "=+-@".indexOf(campaign.charAt(0)) >= 0 ? "'" + campaign : campaign, vs.size()));
    assertThat(byCampaign).isEqualTo(expected);
  }

  /**
   * Regression: cells starting with a line feed, or with a formula character after leading spaces,
   * reached the CSV as they were sent. Generated values, each a custom event's property, go in
   * through the collector and come out through the real export endpoint.
   */
  @Test
  void breakdownCsvNeutralisesFormulasAfterLeadingSpacesAndLineBreaks() {
    TestServer.SiteKeys hostile = server.createSite("Hostile", "hostile.example", "UTC");
    Random random = new Random(11);
    Map<String, String> expected = new HashMap<>();
    ArrayNode batch = JSON.createArrayNode();
    Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    List<String> leads = List.of("", " ", "   ", "\u00A0");
    List<String> starts = List.of("=", "+", "-", "@", "\t", "\r", "\n");
    int n = 0;
    for (String lead : leads) {
      for (String start : starts) {
        String value = lead + start + "cmd|' /C calc'!A" + random.nextInt(1_000_000);
        expected.put(value, "'" + value);
        batch.add(planEvent(n++, value, at));
      }
    }
    for (String harmless : List.of("plain", "a=b", "  spaced", "x-1", "(none)")) {
      expected.put(harmless, harmless);
      batch.add(planEvent(n++, harmless, at));
    }
    send(hostile, batch);
    List<List<String>> rows =
        csv(
            get(
                "/api/export/breakdown.csv?site_id="
                    + hostile.id()
                    + "&date_range=7d&dimensions=event:props:plan&metrics=events"));
    Map<String, String> cells = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(row.get(1)).isEqualTo("1");
      cells.put(row.get(0).startsWith("'") ? row.get(0).substring(1) : row.get(0), row.get(0));
    }
    assertThat(cells).isEqualTo(expected);
  }

  static ObjectNode planEvent(int visitor, String plan, Instant at) {
    ObjectNode e = pageview(visitor, "/signup", at);
    e.put("event", "signup");
    e.putObject("properties").put("plan", plan);
    return e;
  }

  @Test
  void breakdownCsvWithComparisonMatchesTheStatisticsApi() {
    String query =
        "?site_id="
            + site.id()
            + "&date_range=7d&metrics=visitors,pageviews&compare=previous_period";
    List<List<String>> rows =
        csv(get("/api/export/breakdown.csv" + query + "&dimensions=event:page"));
    assertThat(rows.get(0))
        .containsExactly(
            "event:page",
            "visitors",
            "pageviews",
            "comparison:visitors",
            "comparison:pageviews",
            "change:visitors",
            "change:pageviews");
    JsonNode api = get("/api/stats/breakdown" + query + "&dimensions=event:page&limit=1000").json();
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode row : api.get("results")) {
      List<String> cells = new ArrayList<>();
      String dim = row.get("dimensions").get(0).asText();
      cells.add(Csv.text(dim));
      row.get("metrics").forEach(m -> cells.add(m.asText()));
      row.get("comparison").get("metrics").forEach(m -> cells.add(m.asText()));
      row.get("comparison").get("change").forEach(m -> cells.add(m.isNull() ? "" : m.asText()));
      expected.add(cells);
    }
    assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
    Map<String, List<String>> byPage = new HashMap<>();
    rows.forEach(row -> byPage.put(row.get(0), row));
    assertThat(byPage.get("/pricing").get(3))
        .as("visitors of /pricing the week before")
        .isEqualTo("6");
  }

  @Test
  void breakdownCsvReadsEveryPageOfALargeBreakdown() {
    TestServer.SiteKeys many = server.createSite("Many pages", "many.example", "UTC");
    int paths = 10_050;
    ArrayNode batch = JSON.createArrayNode();
    Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < paths; i++) {
      batch.add(pageview(i, "/p/" + i, at));
    }
    send(many, batch);
    List<List<String>> rows =
        csv(
            get(
                "/api/export/breakdown.csv?site_id="
                    + many.id()
                    + "&date_range=7d&dimensions=event:page&metrics=pageviews"));
    Set<String> seen = new HashSet<>();
    rows.subList(1, rows.size()).forEach(row -> seen.add(row.get(0)));
    assertThat(rows).hasSize(paths + 1);
    assertThat(seen).hasSize(paths).contains("/p/0", "/p/10049");
  }

  @Test
  void timeseriesCsvHasOneRowPerDayThatAddsUpToThePageviews() {
    List<List<String>> rows =
        csv(
            get(
                "/api/export/timeseries.csv?site_id="
                    + site.id()
                    + "&date_range=7d&metrics=pageviews,visitors&interval=day"));
    assertThat(rows.get(0)).containsExactly("time:day", "pageviews", "visitors");
    assertThat(rows).hasSize(8);
    assertThat(rows.get(7).get(0)).isEqualTo(today() + "T00:00:00");
    int sum = rows.subList(1, rows.size()).stream().mapToInt(r -> Integer.parseInt(r.get(1))).sum();
    assertThat(sum).isEqualTo(pageviews);
  }

  @Test
  void viewZipHoldsTheTotalsTheTimeseriesAndEveryPanel() throws IOException {
    TestServer.BinaryResponse r =
        server.getBytes("/api/export/view.zip?site_id=" + site.id() + "&date_range=7d", auth);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("Content-Disposition")).contains("export.example-view-").endsWith(".zip\"");
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    List<String> expected = new ArrayList<>(List.of("aggregate.csv", "timeseries.csv"));
    for (Panel p : Panel.values()) {
      expected.add(p.fileName() + ".csv");
    }
    assertThat(files.keySet()).containsExactlyElementsOf(expected);
    assertThat(files.keySet())
        .contains("pages.csv", "entry_pages.csv", "utm_campaigns.csv", "cities.csv", "goals.csv");

    List<List<String>> aggregate = CsvReader.parse(files.get("aggregate.csv"));
    assertThat(aggregate.get(0)).containsExactlyElementsOf(Panel.KPI_METRICS);
    assertThat(aggregate.get(1).get(0)).isEqualTo(Integer.toString(visitors));
    assertThat(aggregate.get(1).get(2)).isEqualTo(Integer.toString(pageviews));

    List<List<String>> pages = CsvReader.parse(files.get("pages.csv"));
    assertThat(pages.get(0)).containsExactly("event:page", "visitors", "pageviews");
    Map<String, Integer> views = new HashMap<>();
    pages.subList(1, pages.size()).forEach(p -> views.put(p.get(0), Integer.parseInt(p.get(2))));
    assertThat(views).isEqualTo(viewsByPath);

    List<List<String>> sources = CsvReader.parse(files.get("sources.csv"));
    assertThat(sources.get(0))
        .containsExactly("visit:source", "visitors", "visits", "bounce_rate", "visit_duration");
    assertThat(CsvReader.parse(files.get("timeseries.csv"))).hasSize(8);
    assertThat(CsvReader.parse(files.get("goals.csv")))
        .containsExactly(List.of("event:goal", "visitors", "conversions", "conversion_rate"));
  }

  @Test
  void reportPdfPrintsLatinGreekAndCyrillicAsTheyAreAndMarksWhatTheFontLacks() throws IOException {
    String page = "/москва-Łódź-Αθήνα-東京";
    TestServer.BinaryResponse r =
        server.getBytes(
            "/api/export/report.pdf?site_id="
                + site.id()
                + "&date_range=7d&filters="
                + enc("[[\"contains\",\"event:page\",[\"" + page + "\"]]]"),
            auth);
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    try (PDDocument pdf = Loader.loadPDF(r.body())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(1);
      stripper.setEndPage(1);
      assertThat(stripper.getText(pdf)).contains("event:page contains /москва-Łódź-Αθήνα-??");
    }
  }

  @Test
  void reportPdfHasATitlePageTotalsAChartAndThePanels() throws IOException {
    String filters = enc("[[\"contains\",\"event:page\",[\"/\"]]]");
    TestServer.BinaryResponse r =
        server.getBytes(
            "/api/export/report.pdf?site_id="
                + site.id()
                + "&date_range=7d&compare=previous_period&filters="
                + filters,
            auth);
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
    JsonNode totals =
        get("/api/stats/aggregate?site_id="
                + site.id()
                + "&date_range=7d&compare=previous_period&metrics=visitors,pageviews&filters="
                + filters)
            .json()
            .get("results")
            .get(0);
    try (PDDocument pdf = Loader.loadPDF(r.body())) {
      assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(3);
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(1);
      stripper.setEndPage(1);
      String title = stripper.getText(pdf);
      LocalDate last = LocalDate.now(ZoneId.of("Europe/Berlin"));
      java.time.format.DateTimeFormatter day =
          java.time.format.DateTimeFormatter.ofPattern("d MMMM uuuu", java.util.Locale.ENGLISH);
      assertThat(title)
          .contains("Footfall report")
          .contains("Export shop (export.example)")
          .contains(last.minusDays(6).format(day) + " - " + last.format(day) + " (Europe/Berlin)")
          .contains("previous period")
          .contains("event:page contains /")
          .contains("Generated");
      stripper.setStartPage(2);
      stripper.setEndPage(pdf.getNumberOfPages());
      String rest = stripper.getText(pdf);
      assertThat(rest).contains("Totals", "Over time", "Pages", "Entry pages", "UTM campaigns");
      assertThat(rest)
          .containsPattern(
              "Visitors\\s+"
                  + totals.get("metrics").get(0).asText()
                  + "\\s+"
                  + totals.get("comparison").get("metrics").get(0).asText());
      assertThat(rest).containsPattern("Pageviews\\s+" + pageviews + "\\s");
      assertThat(rest).contains("/pricing", "/blog/a,b", "spring, sale");
      PDPage second = pdf.getPage(1);
      boolean chart = false;
      for (COSName name : second.getResources().getXObjectNames()) {
        chart |= second.getResources().getXObject(name) instanceof PDFormXObject;
      }
      assertThat(chart).as("the chart is drawn as a vector form on the totals page").isTrue();
    }
  }

  @Test
  void refusesWhatTheStatisticsApiRefusesNamingTheField() {
    TestServer.Response two =
        get(
            "/api/export/breakdown.csv?site_id="
                + site.id()
                + "&dimensions=visit:source,visit:country");
    assertThat(two.status()).isEqualTo(400);
    assertThat(two.json().get("error").get("field").asText()).isEqualTo("dimensions");
    TestServer.Response metric =
        get(
            "/api/export/breakdown.csv?site_id="
                + site.id()
                + "&dimensions=visit:source&metrics=nope");
    assertThat(metric.status()).isEqualTo(400);
    assertThat(metric.json().get("error").get("field").asText()).isEqualTo("metrics[0]");
    TestServer.Response range = get("/api/export/view.zip?site_id=" + site.id() + "&date_range=8x");
    assertThat(range.status()).isEqualTo(400);
    assertThat(range.json().get("error").get("field").asText()).isEqualTo("date_range");
    TestServer.Response none = get("/api/export/report.pdf?site_id=s_nope");
    assertThat(none.status()).isEqualTo(404);
    TestServer.Response anonymous =
        server.get("/api/export/timeseries.csv?site_id=" + site.id(), Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
  }
}
