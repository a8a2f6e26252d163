package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import io.footfall.server.mail.SmtpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The members settings invite a person, and the mailed link makes their account and joins them
 * (issue 14, item 6), in Chromium.
 */
class InvitationBrowserTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  @Test
  void anOwnerInvitesAndTheMailedLinkMakesTheAccountAndJoins() throws Exception {
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    try (TestServer server =
            TestServer.start(
                c ->
                    c.smtp(
                        Optional.of(
                            new SmtpSettings(
                                "127.0.0.1",
                                SMTP.getSmtp().getPort(),
                                "mailer",
                                "mailer-secret",
                                "footfall@stats.example",
                                false,
                                Duration.ofSeconds(10)))));
        Playwright playwright = Playwright.create();
        Browser browser = Chromium.launch(playwright)) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
      String org =
          server
              .post("/api/admin/organizations", "{\"name\":\"Acme\"}", boot)
              .json()
              .get("id")
              .asText();
      String site =
          server
              .post(
                  "/api/admin/sites",
                  JSON.writeValueAsString(
                      Map.of(
                          "organization_id", org, "name", "Acme shop", "domain", "acme.example")),
                  boot)
              .json()
              .get("id")
              .asText();
      server.post(
          "/api/admin/organizations/" + org + "/members",
          JSON.writeValueAsString(
              Map.of("email", "owner@acme.example", "role", "owner", "password", PASSWORD)),
          boot);
      String invited = "new-" + UUID.randomUUID() + "@acme.example";

      BrowserContext ownerContext = browser.newContext();
      Page owner = ownerContext.newPage();
      owner.navigate(server.baseUrl() + "/sites/" + site + "/settings?tab=members");
      owner.fill("input[name=email]", "owner@acme.example");
      owner.fill("input[name=password]", PASSWORD);
      owner.click("#login-form button[type=submit]");
      owner.fill("#member-form input[name=email]", invited);
      owner.selectOption("#member-form select[name=role]", "analyst");
      owner.click("#member-form button[type=submit]");
      assertThat(owner.locator(".notice")).containsText("Invitation sent to " + invited);
      assertThat(owner.locator("table").last()).containsText(invited);

      String mail = SMTP.getReceivedMessages()[0].getContent().toString();
      Matcher m = Pattern.compile("/invite\\?token=(\\S+)").matcher(mail);
      if (!m.find()) {
        throw new AssertionError("no invitation link in the mail: " + mail);
      }
      Page invitee = browser.newContext().newPage();
      invitee.navigate(server.baseUrl() + "/invite?token=" + m.group(1));
      invitee.fill("#invite-form input[name=name]", "Nora New");
      invitee.fill("#invite-form input[name=password]", PASSWORD);
      invitee.fill("#invite-form input[name=again]", PASSWORD);
      invitee.click("#invite-form button[type=submit]");
      assertThat(invitee.locator(".notice")).containsText("Open the dashboard");
      invitee.click(".notice a");
      assertThat(invitee).hasURL(Pattern.compile("/sites/" + site));
      assertThat(invitee.locator(".top .me")).isVisible();
      ownerContext.close();
    }
  }

  /**
   * Without a mail server an invited person with an account learns of the invitation when they sign
   * in: a notice on every page until they answer it, leading to the page that joins.
   */
  @Test
  void aPersonOfAnotherOrganizationSeesTheInvitationOnSigningInAndJoins() throws Exception {
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    try (TestServer server = TestServer.start();
        Playwright playwright = Playwright.create();
        Browser browser = Chromium.launch(playwright)) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
      String acme = organization(server, boot, "Acme");
      String other = organization(server, boot, "Other");
      String site =
          server
              .post(
                  "/api/admin/sites",
                  JSON.writeValueAsString(
                      Map.of("organization_id", acme, "name", "Acme shop", "domain", "a.example")),
                  boot)
              .json()
              .get("id")
              .asText();
      server.post(
          "/api/admin/sites",
          JSON.writeValueAsString(
              Map.of("organization_id", other, "name", "Other shop", "domain", "o.example")),
          boot);
      for (String[] m :
          List.of(
              new String[] {acme, "owner@acme.example", "owner"},
              new String[] {other, "olga@other.example", "admin"})) {
        server.post(
            "/api/admin/organizations/" + m[0] + "/members",
            JSON.writeValueAsString(Map.of("email", m[1], "role", m[2], "password", PASSWORD)),
            boot);
      }
      Page owner = browser.newContext().newPage();
      signIn(owner, server, "/sites/" + site + "/settings?tab=members", "owner@acme.example");
      owner.fill("#member-form input[name=email]", "olga@other.example");
      owner.selectOption("#member-form select[name=role]", "analyst");
      owner.click("#member-form button[type=submit]");
      assertThat(owner.locator(".notice")).containsText("olga@other.example");

      Page olga = browser.newContext().newPage();
      signIn(olga, server, "/", "olga@other.example");
      Locator notice = olga.locator(".invitations-notice");
      assertThat(notice).containsText("You are invited to join Acme as analyst");
      notice.locator("a").click();
      olga.locator("button:has-text('Join')").click();
      assertThat(olga.locator(".notice")).containsText("You joined");
      olga.navigate(server.baseUrl() + "/sites/" + site);
      assertThat(olga.locator("#site-switcher")).isVisible();
      assertThat(olga.locator(".invitations-notice")).hasCount(0);
    }
  }

  static String organization(TestServer server, Map<String, String> boot, String name)
      throws Exception {
    return server
        .post("/api/admin/organizations", JSON.writeValueAsString(Map.of("name", name)), boot)
        .json()
        .get("id")
        .asText();
  }

  static void signIn(Page page, TestServer server, String path, String email) {
    page.navigate(server.baseUrl() + path);
    page.fill("input[name=email]", email);
    page.fill("input[name=password]", PASSWORD);
    page.click("#login-form button[type=submit]");
    assertThat(page.locator(".top .me")).isVisible();
  }
}
