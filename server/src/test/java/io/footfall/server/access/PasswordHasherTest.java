package io.footfall.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  // One hasher for the class: building one hashes its dummy secret (~45 ms).
  static final PasswordHasher HASHER = new PasswordHasher();

  static String randomPassword() {
    return "pw " + Secrets.token().substring(0, 16);
  }

  @Test
  void verifiesTheHashedPasswordAndNoOther() {
    String password = randomPassword();
    String encoded = HASHER.hash(password);

    assertThat(HASHER.verify(password, encoded)).isTrue();
    assertThat(HASHER.verify(password + "x", encoded)).isFalse();
    assertThat(HASHER.verify(password.toUpperCase(java.util.Locale.ROOT), encoded)).isFalse();
    assertThat(HASHER.verify(randomPassword(), encoded)).isFalse();
  }

  @Test
  void encodesOwaspArgon2idParametersInPhcForm() {
    String encoded = HASHER.hash(randomPassword());

    assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    String[] parts = encoded.split("\\$");
    assertThat(Base64.getDecoder().decode(parts[4])).hasSize(PasswordHasher.SALT_BYTES);
    assertThat(Base64.getDecoder().decode(parts[5])).hasSize(PasswordHasher.HASH_BYTES);
  }

  @Test
  void verifiesHashesFromTheArgon2ReferenceImplementation() {
    // Made by the reference C implementation (Debian package argon2 0~20171227), independent of
    // Password4j:  echo -n "$PASSWORD" | argon2 footfall-ref-salt -id -t 2 -k 19456 -p 1 -l 32 -e
    String ascii = "correct horse battery staple";
    String asciiHash =
        "$argon2id$v=19$m=19456,t=2,p=1$Zm9vdGZhbGwtcmVmLXNhbHQ$"
            + "Zoxpp0rvJMaQ4OMfsdKiw51sFB+DQZs5/1Na6jSaTvs";
    String unicode = "Cr\u00e8me br\u00fbl\u00e9e \u2713 2026";
    String unicodeHash =
        "$argon2id$v=19$m=19456,t=2,p=1$Zm9vdGZhbGwtcmVmLXNhbHQ$"
            + "nqXfZxxPvcBZjSCJZ3WDPxR9EUq3fw0DCbeuSelIeP4";

    assertThat(HASHER.verify(ascii, asciiHash)).isTrue();
    assertThat(HASHER.verify(unicode, unicodeHash)).isTrue();
    assertThat(HASHER.verify(unicode, asciiHash)).isFalse();
    assertThat(HASHER.needsRehash(asciiHash)).as("same parameters as ours").isFalse();
  }

  @Test
  void saltsEveryHashSoEqualPasswordsLookDifferent() {
    String password = randomPassword();

    String first = HASHER.hash(password);
    String second = HASHER.hash(password);

    assertThat(first).isNotEqualTo(second);
    assertThat(HASHER.verify(password, first)).isTrue();
    assertThat(HASHER.verify(password, second)).isTrue();
  }

  @Test
  void matchesAPasswordTypedWithAnotherUnicodeComposition() {
    String composed = Normalizer.normalize("Crème brûlée " + Secrets.token(), Normalizer.Form.NFC);
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo(composed);

    assertThat(HASHER.verify(decomposed, HASHER.hash(composed))).isTrue();
  }

  @Test
  void answersFalseForAnythingThatIsNotAnArgon2idHash() {
    String password = randomPassword();
    String encoded = HASHER.hash(password);

    assertThat(HASHER.verify(password, "")).isFalse();
    assertThat(HASHER.verify(password, "not a hash")).isFalse();
    assertThat(HASHER.verify(password, encoded.replace("argon2id", "argon2i"))).isFalse();
    assertThat(HASHER.verify(password, encoded.substring(0, encoded.length() - 5))).isFalse();
    assertThat(HASHER.verify(password, "$2a$12$" + Secrets.token())).isFalse();
    assertThat(HASHER.verify("", encoded)).isFalse();
  }

  @Test
  void detectsATamperedHash() {
    String password = randomPassword();
    String encoded = HASHER.hash(password);
    int last = encoded.length() - 1;
    String tampered = encoded.substring(0, last) + (encoded.charAt(last) == 'A' ? 'B' : 'A');

    assertThat(HASHER.verify(password, tampered)).isFalse();
  }

  @Test
  void refusesOverlongInputWithoutHashingIt() {
    String overlong = "a".repeat(PasswordPolicy.MAX_BYTES + 1);

    assertThatThrownBy(() -> HASHER.hash(overlong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257");
    assertThatThrownBy(() -> HASHER.hash("")).hasMessageContaining("got 0");
    assertThat(HASHER.verify("a".repeat(PasswordHasher.MAX_VERIFY_BYTES + 1), HASHER.hash("a")))
        .isFalse();
  }

  @Test
  void asksForARehashOnlyWhenParametersDiffer() {
    PasswordHasher older = new PasswordHasher(8 * 1024, 3, 1);
    String password = randomPassword();
    String oldHash = older.hash(password);

    assertThat(HASHER.verify(password, oldHash)).as("old hashes still verify").isTrue();
    assertThat(HASHER.needsRehash(oldHash)).isTrue();
    assertThat(older.needsRehash(oldHash)).isFalse();
    assertThat(HASHER.needsRehash(HASHER.hash(password))).isFalse();
    assertThat(HASHER.needsRehash("$2a$12$" + Secrets.token())).isTrue();
    assertThat(HASHER.needsRehash("")).isTrue();
  }

  @Test
  void dummyVerifyNeverSucceeds() {
    assertThat(HASHER.dummyVerify(randomPassword())).isFalse();
    assertThat(HASHER.dummyVerify("")).isFalse();
  }

  @Test
  void rejectsParametersArgon2Forbids() {
    assertThatThrownBy(() -> new PasswordHasher(4, 1, 1)).hasMessageContaining("m=4 KiB");
    assertThatThrownBy(() -> new PasswordHasher(19 * 1024, 0, 1)).hasMessageContaining("t=0");
  }
}
