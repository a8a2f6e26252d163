package io.footfall.server.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.server.TestServer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A domain pasted as a URL is reduced to its host (issue 14, item 15: {@code https://shop.example/}
 * was refused). The port goes, {@code www.} stays, case is lowered.
 */
class SiteDomainTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> HOSTS =
      List.of(
          "shop.example",
          "www.shop.example",
          "a-b.c9.example",
          "localhost",
          "xn--bcher-kva.example");

  /** A URL-ish spelling of the host, in random case with random scheme, user, port and path. */
  static String pasted(String host, Random random) {
    String[] schemes = {"", "http://", "https://", "HTTPS://", "ftp://"};
    String[] users = {"", "", "user@", "user:secret@"};
    String[] ports = {"", "", ":8080", ":443", ":"};
    String[] tails = {"", "/", "/path/to?q=1#x", "?q", "#frag", "/a.b/c:d"};
    StringBuilder cased = new StringBuilder();
    for (char c : host.toCharArray()) {
      cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    String scheme = schemes[random.nextInt(schemes.length)];
    String user = scheme.isEmpty() ? "" : users[random.nextInt(users.length)];
    return (random.nextBoolean() ? " " : "")
        + scheme
        + user
        + cased
        + (random.nextInt(5) == 0 ? "." : "")
        + ports[random.nextInt(ports.length)]
        + tails[random.nextInt(tails.length)]
        + (random.nextBoolean() ? "\t" : "");
  }

  @Test
  void reducesEveryPastedUrlToItsLowerCasedHost() {
    Random random = new Random(15);
    for (int i = 0; i < 2_000; i++) {
      String host = HOSTS.get(random.nextInt(HOSTS.size()));
      String typed = pasted(host, random);
      assertThat(SiteService.validDomain(typed)).as(typed).isEqualTo(host);
    }
    assertThat(SiteService.validDomain("http://www.Shop.Example:8080/path?q"))
        .isEqualTo("www.shop.example");
    assertThat(SiteService.validDomain("https://Bücher.example/"))
        .isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void refusesWhatHasNoHostNamingTheFieldAndTheInput() {
    for (String bad :
        List.of(
            "",
            "https://",
            "http:///path",
            "not a domain",
            "[::1]",
            "shop_.example",
            "-x.example")) {
      assertThatThrownBy(() -> SiteService.validDomain(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              AdminException.class,
              e -> {
                assertThat(e.field()).isEqualTo("domain");
                assertThat(e.getMessage()).contains("'" + bad.strip() + "'");
              });
    }
  }

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createAndUpdateOverHttpTakeAPastedUrl() throws Exception {
    Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
    TestServer.Response created =
        server.post(
            "/api/admin/sites",
            JSON.writeValueAsString(
                Map.of("name", "Shop", "domain", "https://Shop.Example/", "timezone", "UTC")),
            boot);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("domain").asText()).isEqualTo("shop.example");
    String id = created.json().get("id").asText();

    server.patchSite(id, "{\"domain\":\"http://www.Shop.Example:8080/path?q\"}");
    assertThat(server.get("/api/admin/sites/" + id, boot).json().get("domain").asText())
        .isEqualTo("www.shop.example");

    TestServer.Response refused =
        server.post(
            "/api/admin/sites",
            "{\"name\":\"Shop\",\"domain\":\"https:///nothing\",\"timezone\":\"UTC\"}",
            boot);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").get("field").asText()).isEqualTo("domain");
    assertThat(refused.json().get("error").get("message").asText().toLowerCase(Locale.ROOT))
        .contains("host name");
  }
}
