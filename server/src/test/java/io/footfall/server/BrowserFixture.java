package io.footfall.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every dashboard browser test does besides driving the page: calls to a {@link TestServer}'s
 * API as the installation (its admin token), and signing in through the dashboard's sign-in page.
 */
public final class BrowserFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserFixture() {}

  /** The installation's credentials as an {@code Authorization} header value. */
  public static String bearer(TestServer server) {
    return "Bearer " + server.adminToken();
  }

  /**
   * A request as the installation: without a body ({@code GET}, {@code DELETE}) or with one, sent
   * as JSON by {@code POST}; the answer's JSON, a null node when it has no body.
   *
   * @throws IllegalStateException when the server answers 300 or more
   */
  public static JsonNode admin(TestServer server, String method, String path, Object body) {
    try {
      Map<String, String> headers =
          Map.of("Authorization", bearer(server), "Content-Type", "application/json");
      TestServer.Response r =
          body == null
              ? server.request(method, path, headers)
              : server.post(path, JSON.writeValueAsString(body), headers);
      if (r.status() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.status() + ": " + r.body());
      }
      return r.body().isEmpty() ? JSON.nullNode() : r.json();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The site's write key, for {@code /api/track}. */
  public static String writeKey(TestServer server, String siteId) {
    return admin(server, "GET", "/api/admin/sites/" + siteId, null).get("write_key").asText();
  }

  /**
   * A new page of the context that opens {@code path}, is sent to the sign-in page, signs in and is
   * back in the dashboard (its account menu shows).
   */
  public static Page signIn(
      TestServer server, BrowserContext context, String email, String password, String path) {
    Page page = context.newPage();
    page.navigate(server.baseUrl() + path);
    assertThat(page).hasURL(Pattern.compile("/login"));
    page.fill("input[name=email]", email);
    page.fill("input[name=password]", password);
    page.click("#login-form button[type=submit]");
    assertThat(page.locator(".top .me")).isVisible();
    return page;
  }
}
