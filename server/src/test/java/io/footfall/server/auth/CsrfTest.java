package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.server.auth.Csrf.Credential;
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
}
