package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void tokensAreBase62OfFixedLengthAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String token = Secrets.token();
      assertThat(token).hasSize(Secrets.TOKEN_LENGTH).matches("[0-9A-Za-z]+");
      assertThat(seen.add(token)).as("token %s repeated", token).isTrue();
    }
  }

  @Test
  void tokensCarryAtLeast128Bits() {
    double bits = Secrets.TOKEN_LENGTH * Math.log(Secrets.ALPHABET.length()) / Math.log(2);
    assertThat(bits).isGreaterThanOrEqualTo(128);
  }

  @Test
  void tokenCharactersCoverTheWholeAlphabetEvenly() {
    int[] counts = new int[128];
    int tokens = 2_000;
    for (int i = 0; i < tokens; i++) {
      Secrets.token().chars().forEach(c -> counts[c]++);
    }
    double expected = (double) tokens * Secrets.TOKEN_LENGTH / Secrets.ALPHABET.length();
    for (char c : Secrets.ALPHABET.toCharArray()) {
      // ~1032 expected per character; ±25 % is more than 8 standard deviations.
      assertThat((double) counts[c])
          .as("count of '%s'", c)
          .isBetween(expected * 0.75, expected * 1.25);
    }
  }

  @Test
  void prefixedSecretRoundTripsThroughItsWrittenForm() {
    PrefixedSecret key = Secrets.prefixed("ff");

    assertThat(key.value()).startsWith("ff_" + key.prefix() + "_").endsWith(key.secret());
    assertThat(key.prefix()).hasSize(Secrets.PREFIX_LENGTH);
    assertThat(key.value()).startsWith(key.publicPart() + "_");
    // The shape the metadata store's ApiKey accepts as its prefix.
    assertThat(key.publicPart()).matches("[A-Za-z0-9_]{4,32}");
    assertThat(Secrets.parsePrefixed("ff", key.value())).contains(key);
  }

  @Test
  void parsingRefusesOtherSchemesLengthsAndCharacters() {
    PrefixedSecret key = Secrets.prefixed("ff");
    String value = key.value();

    assertThat(Secrets.parsePrefixed("fx", value)).isEmpty();
    assertThat(Secrets.parsePrefixed("ff", value + "a")).isEmpty();
    assertThat(Secrets.parsePrefixed("ff", value.substring(1))).isEmpty();
    assertThat(Secrets.parsePrefixed("ff", value.substring(0, value.length() - 1) + "-")).isEmpty();
    assertThat(Secrets.parsePrefixed("ff", value.replace(key.prefix() + "_", key.prefix() + "-")))
        .isEmpty();
    assertThat(Secrets.parsePrefixed("ff", "")).isEmpty();
  }

  @Test
  void rejectsSchemesThatWouldMakeKeysAmbiguous() {
    assertThatThrownBy(() -> Secrets.prefixed("f_f")).hasMessageContaining("f_f");
    assertThatThrownBy(() -> Secrets.prefixed("")).hasMessageContaining("scheme");
    assertThatThrownBy(() -> Secrets.prefixed("FF")).hasMessageContaining("lower-case");
  }

  @Test
  void keysAreStoredAsTheirSha256() {
    PrefixedSecret key = Secrets.prefixed("ff");

    assertThat(key.hash()).isEqualTo(Secrets.sha256Hex(key.value())).hasSize(64);
    assertThat(Secrets.prefixed("ff").hash()).isNotEqualTo(key.hash());
  }

  @Test
  void sha256HexMatchesTheFips180TestVector() {
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    assertThat(Secrets.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void loggingAKeyShowsOnlyItsPublicPart() {
    PrefixedSecret key = Secrets.prefixed("ff");

    assertThat(key.toString()).contains(key.prefix()).doesNotContain(key.secret());
  }

  @Test
  void constantTimeEqualsComparesWholeValues() {
    String token = Secrets.token();
    String sameContent = new String(token.toCharArray());
    String lastDiffers = token.substring(0, token.length() - 1) + (token.endsWith("a") ? "b" : "a");

    assertThat(Secrets.constantTimeEquals(token, sameContent)).isTrue();
    assertThat(Secrets.constantTimeEquals(token, lastDiffers)).isFalse();
    assertThat(Secrets.constantTimeEquals(token, token.substring(1))).isFalse();
    assertThat(Secrets.constantTimeEquals(token, "")).isFalse();
  }
}
