package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  static final String EMAIL = "ada." + Secrets.token().substring(0, 6) + "@example.org";

  @Test
  void acceptsLongPassPhrasesWithSpacesAndAnyScript() {
    assertThat(PasswordPolicy.check("correct horse battery staple", EMAIL)).isEmpty();
    assertThat(PasswordPolicy.check("пароль для входа", EMAIL)).isEmpty();
    assertThat(PasswordPolicy.check(Secrets.token(), EMAIL)).isEmpty();
    assertThat(PasswordPolicy.check(Secrets.token(), "")).isEmpty();
  }

  @Test
  void saysHowShortATooShortPasswordIs() {
    String nine = Secrets.token().substring(0, PasswordPolicy.MIN_CHARACTERS - 1);

    assertThat(PasswordPolicy.check(nine, EMAIL))
        .hasValue("password must be at least 10 characters, got 9");
    assertThat(PasswordPolicy.check(nine + "x", EMAIL)).isEmpty();
  }

  @Test
  void countsCharactersNotBytesOrUtf16Units() {
    // Ten emoji: 20 UTF-16 units and 40 UTF-8 bytes, but ten characters.
    String tenEmoji = "\uD83D\uDE00\uD83D\uDE01".repeat(5);

    assertThat(PasswordPolicy.check(tenEmoji, EMAIL)).isEmpty();
    assertThat(PasswordPolicy.check(tenEmoji.substring(2), EMAIL))
        .hasValueSatisfying(m -> assertThat(m).endsWith("got 9"));
  }

  @Test
  void limitsLengthInUtf8Bytes() {
    // Each of these letters is 2 bytes in UTF-8: 128 of them are exactly 256 bytes.
    String twoByteLetters = "éàèù".repeat(32);

    assertThat(PasswordPolicy.check(twoByteLetters, EMAIL)).isEmpty();
    assertThat(PasswordPolicy.check(twoByteLetters + "x", EMAIL))
        .hasValue("password must be at most 256 bytes in UTF-8, got 257 bytes");
  }

  @Test
  void refusesOneCharacterRepeated() {
    assertThat(PasswordPolicy.check("a".repeat(12), EMAIL))
        .hasValue("password must not be one character repeated");
  }

  @Test
  void refusesRunsOfConsecutiveCharacters() {
    assertThat(PasswordPolicy.check("0123456789", EMAIL)).get().asString().contains("consecutive");
    assertThat(PasswordPolicy.check("abcdefghijkl", EMAIL))
        .get()
        .asString()
        .contains("consecutive");
    assertThat(PasswordPolicy.check("9876543210", EMAIL)).get().asString().contains("consecutive");
    assertThat(PasswordPolicy.check("0123456780", EMAIL)).isEmpty();
  }

  @Test
  void refusesTheEmailAddressItsLocalPartOrAnythingContainingIt() {
    String localPart = EMAIL.substring(0, EMAIL.indexOf('@'));

    assertThat(PasswordPolicy.check(EMAIL, EMAIL)).get().asString().contains("email");
    assertThat(PasswordPolicy.check(EMAIL.toUpperCase(Locale.ROOT), EMAIL)).isPresent();
    assertThat(PasswordPolicy.check(localPart, EMAIL)).isPresent();
    assertThat(PasswordPolicy.check(EMAIL + "2024", " " + EMAIL + " ")).isPresent();
    assertThat(PasswordPolicy.check(localPart + "-and-more", EMAIL)).isEmpty();
  }

  @Test
  void refusesControlCharactersAndSaysWhere() {
    assertThat(PasswordPolicy.check("abc\u0000defghijk", EMAIL))
        .hasValue("password must not contain control characters, found U+0000 at position 4");
  }

  @Test
  void requireThrowsAWeakPasswordErrorForTheForm() {
    assertThatThrownBy(() -> PasswordPolicy.require("short", EMAIL))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("weak_password");
              assertThat(e.field()).isEqualTo("password");
              assertThat(e.getMessage()).contains("at least 10");
            });
  }
}
