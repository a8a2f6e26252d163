package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.MutableClock;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
  static final String RESET = "password-reset";
  static final Duration HOUR = Duration.ofHours(1);
  static final PasswordHasher HASHER = new PasswordHasher();

  MutableClock clock;
  byte[] key;
  SignedTokens tokens;
  String person;
  Map<String, String> passwordHashes;
  Function<String, String> fingerprints;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-05-04T10:15:30Z"));
    key = Secrets.randomBytes(SignedTokens.MIN_KEY_BYTES);
    tokens = new SignedTokens(key, clock);
    person = "p_" + Secrets.token().substring(0, 10);
    passwordHashes = new HashMap<>();
    passwordHashes.put(person, HASHER.hash(Secrets.token()));
    // What a password-reset flow uses: the current hash, which changes with the password.
    fingerprints = subject -> passwordHashes.getOrDefault(subject, "");
  }

  String issueReset() {
    return tokens.issue(RESET, person, fingerprints.apply(person), HOUR);
  }

  @Test
  void verifiesForItsPurposeAndNamesTheSubjectAndExpiry() {
    String token = issueReset();

    assertThat(tokens.verify(RESET, token, fingerprints))
        .contains(new SignedTokens.Verified(RESET, person, clock.instant().plus(HOUR)));
    assertThat(token).matches("[A-Za-z0-9._-]+");
  }

  @Test
  void isWorthlessForAnotherPurpose() {
    String token = issueReset();

    assertThat(tokens.verify("invitation", token, fingerprints)).isEmpty();
  }

  @Test
  void expiresExactlyAtItsTimeToLive() {
    String token = issueReset();

    clock.advance(HOUR.minusSeconds(1));
    assertThat(tokens.verify(RESET, token, fingerprints)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.verify(RESET, token, fingerprints)).isEmpty();
  }

  @Test
  void stopsWorkingOnceThePasswordChanged() {
    String token = issueReset();
    assertThat(tokens.verify(RESET, token, fingerprints)).isPresent();

    // The reset is carried out: a new hash, hence a new fingerprint.
    passwordHashes.put(person, HASHER.hash(Secrets.token()));

    assertThat(tokens.verify(RESET, token, fingerprints)).isEmpty();
  }

  @Test
  void refusesATokenWhoseSubjectWasSwapped() {
    String other = "p_" + Secrets.token().substring(0, 10);
    passwordHashes.put(other, passwordHashes.get(person));
    String[] parts = issueReset().split("\\.");
    parts[1] = b64(other);

    assertThat(tokens.verify(RESET, String.join(".", parts), fingerprints)).isEmpty();
  }

  @Test
  void refusesATokenWhoseExpiryWasExtended() {
    String[] parts = issueReset().split("\\.");
    parts[2] = Long.toString(Long.parseLong(parts[2]) + 86_400);

    assertThat(tokens.verify(RESET, String.join(".", parts), fingerprints)).isEmpty();
  }

  @Test
  void refusesEverySingleCharacterChangeToTheSignature() {
    String token = issueReset();
    int macStart = token.lastIndexOf('.') + 1;
    List<String> accepted = new ArrayList<>();
    for (int i = macStart; i < token.length(); i++) {
      char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
      tokens.verify(RESET, tampered, fingerprints).ifPresent(v -> accepted.add(tampered));
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void refusesTokensSignedWithAnotherInstallationKey() {
    SignedTokens elsewhere = new SignedTokens(Secrets.randomBytes(32), clock);
    String foreign = elsewhere.issue(RESET, person, fingerprints.apply(person), HOUR);

    assertThat(tokens.verify(RESET, foreign, fingerprints)).isEmpty();
  }

  @Test
  void keepsVerifyingAfterARestartWithTheSameKey() {
    String token = issueReset();

    SignedTokens restarted = new SignedTokens(key.clone(), clock);

    assertThat(restarted.verify(RESET, token, fingerprints)).isPresent();
  }

  @Test
  void refusesMalformedTokensWithoutAskingForAFingerprint() {
    String token = issueReset();
    String[] parts = token.split("\\.");
    List<String> asked = new ArrayList<>();
    Function<String, String> recording =
        subject -> {
          asked.add(subject);
          return fingerprints.apply(subject);
        };

    for (String malformed :
        List.of(
            "",
            "v1",
            "v1...",
            "v2." + parts[1] + "." + parts[2] + "." + parts[3],
            token + ".x",
            parts[0] + "." + parts[1] + ".+" + parts[2] + "." + parts[3],
            parts[0] + "." + parts[1] + ".0" + parts[2] + "." + parts[3],
            parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3] + "=",
            parts[0] + ".!!." + parts[2] + "." + parts[3],
            "v1." + "A".repeat(SignedTokens.MAX_TOKEN_CHARS) + ".1.A")) {
      assertThat(tokens.verify(RESET, malformed, recording)).as(malformed).isEmpty();
    }
    assertThat(asked).isEmpty();
  }

  @Test
  void stopsWorkingOnceTheSubjectIsGone() {
    String token = issueReset();

    passwordHashes.remove(person);

    assertThat(tokens.verify(RESET, token, fingerprints)).isEmpty();
  }

  @Test
  void validatesWhatItIsAskedToIssue() {
    assertThatThrownBy(() -> tokens.issue("Password Reset", person, "", HOUR))
        .hasMessageContaining("'Password Reset'");
    assertThatThrownBy(() -> tokens.issue(RESET, "", "", HOUR)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> tokens.issue(RESET, person, "", Duration.ZERO))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> tokens.issue(RESET, person, "", Duration.ofDays(31)))
        .hasMessageContaining("PT744H");
    assertThatThrownBy(() -> new SignedTokens(new byte[16], clock)).hasMessageContaining("got 16");
  }

  static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
