package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.server.access.Csrf.Credential;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CsrfTest {
  static final List<String> CHANGING = List.of("POST", "PUT", "PATCH", "DELETE", "PROPFIND", "get");
  static final List<String> SAFE = List.of("GET", "HEAD", "OPTIONS", "TRACE");

  final String sessionToken = Csrf.newToken();

  @Test
  void cookieAuthenticatedChangesNeedTheSessionsToken() {
    for (String method : CHANGING) {
      assertThat(Csrf.permits(method, Credential.SESSION_COOKIE, sessionToken, sessionToken))
          .as(method)
          .isTrue();
      assertThat(Csrf.permits(method, Credential.SESSION_COOKIE, sessionToken, ""))
          .as(method)
          .isFalse();
      assertThat(Csrf.permits(method, Credential.SESSION_COOKIE, sessionToken, Csrf.newToken()))
          .as(method)
          .isFalse();
    }
  }

  @Test
  void aSessionWithoutATokenPermitsNoChange() {
    assertThat(Csrf.permits("POST", Credential.SESSION_COOKIE, "", "")).isFalse();
  }

  @Test
  void safeMethodsNeedNoToken() {
    for (String method : SAFE) {
      assertThat(Csrf.permits(method, Credential.SESSION_COOKIE, sessionToken, ""))
          .as(method)
          .isTrue();
    }
  }

  @Test
  void bearerAndAnonymousRequestsAreExempt() {
    for (String method : CHANGING) {
      assertThat(Csrf.permits(method, Credential.BEARER, "", "")).as(method).isTrue();
      assertThat(Csrf.permits(method, Credential.NONE, "", "")).as(method).isTrue();
    }
  }

  @Test
  void tokenComparisonIsExactAndCaseSensitive() {
    String upper = sessionToken.toUpperCase(Locale.ROOT);
    String flipped = upper.equals(sessionToken) ? sessionToken.toLowerCase(Locale.ROOT) : upper;

    assertThat(Csrf.permits("POST", Credential.SESSION_COOKIE, sessionToken, flipped)).isFalse();
    assertThat(Csrf.permits("POST", Credential.SESSION_COOKIE, sessionToken, sessionToken + " "))
        .isFalse();
  }

  @Test
  void checkRefusesWith403AndSaysWhatIsMissing() {
    assertThatThrownBy(() -> Csrf.check("DELETE", Credential.SESSION_COOKIE, sessionToken, ""))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("csrf_token_invalid");
              assertThat(e.getMessage())
                  .isEqualTo("DELETE with a session cookie needs the X-CSRF-Token header");
            });
    assertThatThrownBy(
            () -> Csrf.check("POST", Credential.SESSION_COOKIE, sessionToken, Csrf.newToken()))
        .hasMessageContaining("does not match");
    assertThatNoException()
        .isThrownBy(
            () -> Csrf.check("POST", Credential.SESSION_COOKIE, sessionToken, sessionToken));
  }

  @Test
  void anOriginMatchesTheServersHostAndPortOnly() {
    List<String> hosts = List.of("stats.example.com", "127.0.0.1:8080", "[::1]:9000");
    assertThat(Csrf.originMatches("https://stats.example.com", hosts)).isTrue();
    assertThat(Csrf.originMatches("https://STATS.example.com:443", hosts)).isTrue();
    assertThat(Csrf.originMatches("http://127.0.0.1:8080", hosts)).isTrue();
    assertThat(Csrf.originMatches("http://[::1]:9000", hosts)).isTrue();

    assertThat(Csrf.originMatches("https://stats.example.com:8443", hosts)).isFalse();
    assertThat(Csrf.originMatches("https://stats.example.com.evil.example", hosts)).isFalse();
    assertThat(Csrf.originMatches("http://127.0.0.1:8081", hosts)).isFalse();
    assertThat(Csrf.originMatches("null", hosts)).isFalse();
    assertThat(Csrf.originMatches("file://stats.example.com", hosts)).isFalse();
    assertThat(Csrf.originMatches("https://stats.example.com", List.of())).isFalse();
  }

  @Test
  void requestsFromAnotherSiteAreRefused() {
    List<String> hosts = List.of("stats.example.com");
    assertThatNoException().isThrownBy(() -> Csrf.checkOrigin("same-origin", "", hosts));
    assertThatNoException().isThrownBy(() -> Csrf.checkOrigin("none", "", hosts));
    assertThatNoException().isThrownBy(() -> Csrf.checkOrigin("", "", hosts));
    for (String site : List.of("cross-site", "same-site", "Cross-Site")) {
      assertThatThrownBy(() -> Csrf.checkOrigin(site, "", hosts))
          .isInstanceOfSatisfying(
              AuthException.class, e -> assertThat(e.code()).isEqualTo("cross_site_request"))
          .hasMessageContaining("Sec-Fetch-Site");
    }
    assertThatThrownBy(() -> Csrf.checkOrigin("", "https://evil.example", hosts))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("https://evil.example")
        .hasMessageContaining("FOOTFALL_PUBLIC_URL");
  }

  @Test
  void changesWithoutABearerTokenMustDeclareJson() {
    for (String type :
        List.of("application/json", "application/json; charset=utf-8", " Application/JSON ")) {
      assertThatNoException().as(type).isThrownBy(() -> Csrf.checkContentType("POST", type));
    }
    for (String type :
        List.of(
            "",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp")) {
      assertThatThrownBy(() -> Csrf.checkContentType("POST", type))
          .as(type)
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> {
                assertThat(e.status()).isEqualTo(415);
                assertThat(e.field()).isEqualTo("Content-Type");
              })
          .hasMessageContaining("Content-Type: application/json");
    }
  }
}
