package io.footfall.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import io.footfall.server.mail.SmtpSettings;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scheduled email reports end to end: schedules made over HTTP, traffic sent through the collector,
 * time moved on the server's clock, reports mailed over real SMTP to GreenMail, the PDF read back
 * with PDFBox, and the server restarted on the same data in between.
 */
class EmailReportsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  MutableClock clock;
  TestServer server;
  Map<String, String> boot;

  void start(Instant now) {
    clock = new MutableClock(now);
    server =
        TestServer.start(
            clock,
            c ->
                c.smtp(
                    Optional.of(
                        new SmtpSettings(
                            "127.0.0.1",
                            SMTP.getSmtp().getPort(),
                            "mailer",
                            "mailer-secret",
                            "reports@stats.example",
                            false,
                            Duration.ofSeconds(10)))));
    boot = Map.of("Authorization", "Bearer " + server.adminToken());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  int sendDue() {
    return server.server().emailReports().sendDue();
  }

  JsonNode schedule(String siteId, String frequency, List<String> recipients) {
    ObjectNode body = JSON.createObjectNode().put("frequency", frequency);
    ArrayNode to = body.putArray("recipients");
    recipients.forEach(to::add);
    TestServer.Response r =
        server.post("/api/admin/sites/" + siteId + "/email-reports", body.toString(), boot);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** Page views of {@code count} visitors at {@code at}, sent as a server-side (backfill) batch. */
  void visits(TestServer.SiteKeys site, int firstVisitor, int count, Instant at) {
    ArrayNode batch = JSON.createArrayNode();
    for (int v = firstVisitor; v < firstVisitor + count; v++) {
      ObjectNode e = batch.addObject();
      e.put("event", "pageview");
      e.put("id", UUID.randomUUID().toString());
      e.put("timestamp", at.plusSeconds(v).toString());
      e.putObject("context")
          .put("url", "https://mail.example/pricing")
          .put("ip", "192.0.2." + (v + 1))
          .put("user_agent", UA);
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    Map<String, String> headers = new HashMap<>(boot);
    headers.put("X-Footfall-Site", site.writeKey());
    TestServer.Response r = server.post("/api/track", body.toString(), headers);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(count);
  }

  static String pdfText(MimeMessage m) throws Exception {
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    Part pdf = parts.getBodyPart(1);
    assertThat(pdf.getDisposition()).isEqualToIgnoringCase(Part.ATTACHMENT);
    assertThat(pdf.getContentType()).startsWithIgnoringCase("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.getInputStream().readAllBytes())) {
      return new PDFTextStripper().getText(doc);
    }
  }

  static String body(MimeMessage m) throws Exception {
    return ((String) ((Multipart) m.getContent()).getBodyPart(0).getContent())
        .replace("\r\n", "\n");
  }

  static List<String> subjectsTo(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : SMTP.getReceivedMessages()) {
      if (m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)) {
        out.add(m.getSubject());
      }
    }
    return out;
  }

  @Test
  void mailsEachClosedWeekOnceToEveryRecipientAcrossRestartsWithoutSkippingOne() throws Exception {
    start(Instant.parse("2026-03-04T10:00:00Z")); // a Wednesday; Berlin is UTC+1 until March 29
    TestServer.SiteKeys site = server.createSite("Mail shop", "mail.example", "Europe/Berlin");
    visits(site, 0, 5, Instant.parse("2026-03-03T09:00:00Z"));
    visits(site, 100, 3, Instant.parse("2026-02-25T09:00:00Z"));
    JsonNode created = schedule(site.id(), "weekly", List.of("ada@example.org", "Bob@Example.org"));
    assertThat(created.get("recipients").toString())
        .isEqualTo("[\"ada@example.org\",\"bob@example.org\"]");
    assertThat(created.get("next_period").get("first_day").asText()).isEqualTo("2026-03-02");
    assertThat(created.get("next_period").get("last_day").asText()).isEqualTo("2026-03-08");
    assertThat(created.get("next_send_after").asText()).isEqualTo("2026-03-08T23:00:00Z");

    assertThat(sendDue()).isZero();
    clock.set(Instant.parse("2026-03-08T22:59:59Z"));
    assertThat(sendDue()).as("Sunday 23:59:59 in Berlin: the week is still open").isZero();
    clock.set(Instant.parse("2026-03-08T23:00:01Z"));
    assertThat(sendDue()).isEqualTo(2);

    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(2);
    for (MimeMessage m : mails) {
      assertThat(m.getSubject())
          .isEqualTo("Weekly Footfall report: Mail shop, 2 March 2026 - 8 March 2026");
      assertThat(body(m)).contains("Visitors: 5 (+66.7%)").contains("Pageviews: 5 (+66.7%)");
      assertThat(pdfText(m))
          .contains("Mail shop (mail.example)")
          .contains("2 March 2026 - 8 March 2026 (Europe/Berlin)")
          .contains("23 February 2026 - 1 March 2026 (previous period)")
          .containsPattern("Visitors\\s+5\\s+3\\s+\\+66\\.7%");
      assertThat(((Multipart) m.getContent()).getBodyPart(1).getFileName())
          .isEqualTo("mail.example-report-2026-03-02-2026-03-08.pdf");
    }
    assertThat(subjectsTo("ada@example.org")).hasSize(1);
    assertThat(subjectsTo("bob@example.org")).hasSize(1);

    assertThat(sendDue()).as("sent already").isZero();
    server.restart();
    assertThat(sendDue()).as("sent already, also after a restart").isZero();

    // A restart in the middle of a mailing: ada already has next week's report.
    String id = created.get("id").asText();
    server
        .server()
        .metadata()
        .reportSchedules()
        .recordDelivery(id, LocalDate.parse("2026-03-09"), "ada@example.org", clock.instant());
    clock.set(Instant.parse("2026-03-29T22:00:01Z")); // Monday 00:00:01 in Berlin, now UTC+2
    server.restart();
    assertThat(sendDue()).isEqualTo(5);
    assertThat(subjectsTo("ada@example.org"))
        .containsExactly(
            "Weekly Footfall report: Mail shop, 2 March 2026 - 8 March 2026",
            "Weekly Footfall report: Mail shop, 16 March 2026 - 22 March 2026",
            "Weekly Footfall report: Mail shop, 23 March 2026 - 29 March 2026");
    assertThat(subjectsTo("bob@example.org"))
        .containsExactly(
            "Weekly Footfall report: Mail shop, 2 March 2026 - 8 March 2026",
            "Weekly Footfall report: Mail shop, 9 March 2026 - 15 March 2026",
            "Weekly Footfall report: Mail shop, 16 March 2026 - 22 March 2026",
            "Weekly Footfall report: Mail shop, 23 March 2026 - 29 March 2026");
    JsonNode list = server.get("/api/admin/sites/" + site.id() + "/email-reports", boot).json();
    assertThat(list.get(0).get("next_period").get("first_day").asText()).isEqualTo("2026-03-30");
  }

  @Test
  void monthlyReportCoversTheCalendarMonthAndComparesWithTheMonthBefore() throws Exception {
    start(Instant.parse("2026-03-15T12:00:00Z"));
    TestServer.SiteKeys site = server.createSite("NY shop", "ny.example", "America/New_York");
    visits(site, 0, 4, Instant.parse("2026-03-10T15:00:00Z"));
    visits(site, 50, 2, Instant.parse("2026-02-10T15:00:00Z"));
    JsonNode created = schedule(site.id(), "monthly", List.of("team@example.org"));
    assertThat(created.get("next_period").get("first_day").asText()).isEqualTo("2026-03-01");
    assertThat(created.get("next_period").get("last_day").asText()).isEqualTo("2026-03-31");

    clock.set(Instant.parse("2026-04-01T03:59:59Z"));
    assertThat(sendDue()).as("still March in New York").isZero();
    clock.set(Instant.parse("2026-04-01T04:00:00Z"));
    assertThat(sendDue()).isEqualTo(1);
    MimeMessage m = SMTP.getReceivedMessages()[0];
    assertThat(m.getSubject())
        .isEqualTo("Monthly Footfall report: NY shop, 1 March 2026 - 31 March 2026");
    assertThat(pdfText(m))
        .contains("1 March 2026 - 31 March 2026 (America/New_York)")
        .contains("1 February 2026 - 28 February 2026 (previous period)")
        .containsPattern("Visitors\\s+4\\s+2\\s+\\+100\\.0%");
  }

  @Test
  void skipsPeriodsThatClosedLongerAgoThanTheCatchUpWindow() throws Exception {
    start(Instant.parse("2026-03-04T10:00:00Z"));
    TestServer.SiteKeys site = server.createSite("Late shop", "late.example", "UTC");
    schedule(site.id(), "weekly", List.of("late@example.org"));
    clock.set(Instant.parse("2026-04-20T12:00:00Z"));
    // Weeks of March 2 and 9 closed more than 31 days ago; March 16 to April 13 are sent.
    assertThat(sendDue()).isEqualTo(5);
    assertThat(subjectsTo("late@example.org"))
        .containsExactly(
            "Weekly Footfall report: Late shop, 16 March 2026 - 22 March 2026",
            "Weekly Footfall report: Late shop, 23 March 2026 - 29 March 2026",
            "Weekly Footfall report: Late shop, 30 March 2026 - 5 April 2026",
            "Weekly Footfall report: Late shop, 6 April 2026 - 12 April 2026",
            "Weekly Footfall report: Late shop, 13 April 2026 - 19 April 2026");
  }

  @Test
  void refusesBadSchedulesNamingTheFieldAndAuditsWithoutAddresses() {
    start(Instant.parse("2026-03-04T10:00:00Z"));
    TestServer.SiteKeys site = server.createSite("Check shop", "check.example", "UTC");
    String path = "/api/admin/sites/" + site.id() + "/email-reports";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"frequency\":\"daily\",\"recipients\":[\"a@example.org\"]}", "frequency");
    cases.put("{\"recipients\":[\"a@example.org\"]}", "frequency");
    cases.put("{\"frequency\":\"weekly\",\"recipients\":[]}", "recipients");
    cases.put("{\"frequency\":\"weekly\"}", "recipients");
    cases.put("{\"frequency\":\"weekly\",\"recipients\":\"a@example.org\"}", "recipients");
    cases.put(
        "{\"frequency\":\"weekly\",\"recipients\":[\"a@example.org\",\"Ada <a@x.org>\"]}",
        "recipients[1]");
    cases.put(
        "{\"frequency\":\"weekly\",\"recipients\":[\"a@example.org\",\"A@example.org\"]}",
        "recipients[1]");
    cases.put("{\"frequency\":\"weekly\",\"recipients\":[\"a@b,c@d.org\"]}", "recipients[0]");
    ArrayNode eleven = JSON.createArrayNode();
    for (int i = 0; i < 11; i++) {
      eleven.add("p" + i + "@example.org");
    }
    cases.put("{\"frequency\":\"weekly\",\"recipients\":" + eleven + "}", "recipients");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Response r = server.post(path, c.getKey(), boot);
      assertThat(r.status()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
      assertThat(r.json().get("error").get("field").asText())
          .as(c.getKey())
          .isEqualTo(c.getValue());
    }
    assertThat(server.get(path, boot).json()).isEmpty();

    JsonNode created = schedule(site.id(), "monthly", List.of("ops@example.org"));
    TestServer.Response missing = server.request("DELETE", path + "/er_nope", boot);
    assertThat(missing.status()).isEqualTo(404);
    TestServer.Response deleted =
        server.request("DELETE", path + "/" + created.get("id").asText(), boot);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(server.get(path, boot).json()).isEmpty();

    String org =
        server.get("/api/admin/sites/" + site.id(), boot).json().get("organization_id").asText();
    JsonNode audit = server.get("/api/admin/organizations/" + org + "/audit", boot).json();
    String log = audit.toString();
    assertThat(log).contains("email_report.create", "email_report.delete");
    assertThat(log).doesNotContain("ops@example.org");
  }
}
