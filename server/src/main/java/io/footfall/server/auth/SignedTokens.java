package io.footfall.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless tokens for links sent by mail (password reset, invitations, email confirmation):
 * HMAC-SHA256 signed, expiring, and bound to a purpose and to a fingerprint of the subject's
 * current state.
 *
 * <p>Design note. A token reads {@code v1.<subject, base64url>.<expiry, epoch seconds>.<mac,
 * base64url>}. The MAC covers a version tag, the purpose, the subject, the expiry and the
 * fingerprint, each length-prefixed so no two different inputs sign the same bytes. Purpose and
 * fingerprint are not written in the token: the verifier supplies them, so a token for one purpose
 * is worthless for another, and the fingerprint (for a password reset, the current password hash)
 * never leaves the server. Because the fingerprint changes when the password does, a reset token
 * works once: after the reset the new hash gives a new fingerprint and every older token stops
 * verifying, without any server-side list of used tokens. The MAC key is derived from the
 * installation key for this use only, so the installation key can serve other purposes too.
 *
 * <p>Thread-safe.
 */
public final class SignedTokens {
  /** Fewest bytes in the installation key: 256 bits, the HMAC-SHA256 block strength. */
  public static final int MIN_KEY_BYTES = 32;

  /** Longest lifetime a token may be issued with. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  static final int MAX_TOKEN_CHARS = 1024;
  static final int MAX_SUBJECT_CHARS = 256;
  private static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern EXPIRY = Pattern.compile("[1-9][0-9]{0,11}");
  private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param installationKey the server's secret installation key, at least {@value #MIN_KEY_BYTES}
   *     bytes; the same key must be given after a restart for issued tokens to stay valid
   * @param clock the time source for issuing and for checking expiry
   * @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_BYTES} bytes
   */
  public SignedTokens(byte[] installationKey, Clock clock) {
    Objects.requireNonNull(installationKey, "installationKey");
    if (installationKey.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "installation key must be at least "
              + MIN_KEY_BYTES
              + " bytes, got "
              + installationKey.length);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    byte[] derived =
        hmac(
            new SecretKeySpec(installationKey, ALGORITHM),
            "footfall signed tokens v1".getBytes(StandardCharsets.UTF_8));
    this.key = new SecretKeySpec(derived, ALGORITHM);
  }

  /**
   * Issues a token.
   *
   * @param purpose what the token is for, e.g. {@code password-reset}: 1-64 lower-case letters,
   *     digits and hyphens
   * @param subject whom it is about, e.g. a person id: 1-{@value #MAX_SUBJECT_CHARS} characters
   * @param fingerprint state the token depends on, e.g. the current password hash; "" when it
   *     depends on nothing but time. Only signed, never written into the token, so it may be
   *     secret.
   * @param ttl how long from now it stays valid: more than zero, at most {@link #MAX_TTL}
   * @return a URL-safe token of about 70 characters plus the encoded subject
   * @throws IllegalArgumentException if an argument is outside those bounds
   */
  public String issue(String purpose, String subject, String fingerprint, Duration ttl) {
    requirePurpose(purpose);
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(ttl, "ttl");
    if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS) {
      throw new IllegalArgumentException(
          "subject must be 1-"
              + MAX_SUBJECT_CHARS
              + " characters, got "
              + (subject == null ? "null" : subject.length()));
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttl must be more than 0 and at most " + MAX_TTL + ", got " + ttl);
    }
    long expiresAt = clock.instant().plus(ttl).getEpochSecond();
    String encodedSubject = ENCODER.encodeToString(subject.getBytes(StandardCharsets.UTF_8));
    byte[] mac = mac(purpose, subject, expiresAt, fingerprint);
    return VERSION + "." + encodedSubject + "." + expiresAt + "." + ENCODER.encodeToString(mac);
  }

  /**
   * Checks a token presented for a purpose.
   *
   * @param purpose the purpose the caller accepts tokens for
   * @param token the token as presented
   * @param fingerprintOf the subject's current fingerprint, computed the same way as when issuing;
   *     called only for well-formed tokens; return "" for an unknown subject
   * @return the verified token, or empty when it is malformed, tampered with, issued for another
   *     purpose, expired, or its subject's fingerprint has changed since it was issued. The reasons
   *     are not told apart, so an answer reveals nothing about other accounts.
   */
  public Optional<Verified> verify(
      String purpose, String token, Function<String, String> fingerprintOf) {
    requirePurpose(purpose);
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(fingerprintOf, "fingerprintOf");
    if (token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      return Optional.empty();
    }
    if (!EXPIRY.matcher(parts[2]).matches()) {
      return Optional.empty();
    }
    long expiresAt = Long.parseLong(parts[2]);
    Optional<byte[]> subjectBytes = decodeCanonical(parts[1]);
    Optional<byte[]> presentedMac = decodeCanonical(parts[3]);
    if (subjectBytes.isEmpty() || presentedMac.isEmpty()) {
      return Optional.empty();
    }
    String subject = new String(subjectBytes.get(), StandardCharsets.UTF_8);
    if (subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS) {
      return Optional.empty();
    }
    String fingerprint = Objects.requireNonNull(fingerprintOf.apply(subject), "fingerprint");
    byte[] expectedMac = mac(purpose, subject, expiresAt, fingerprint);
    if (!MessageDigest.isEqual(expectedMac, presentedMac.get())) {
      return Optional.empty();
    }
    Instant expiry = Instant.ofEpochSecond(expiresAt);
    if (!clock.instant().isBefore(expiry)) {
      return Optional.empty();
    }
    return Optional.of(new Verified(purpose, subject, expiry));
  }

  /**
   * A token that verified.
   *
   * @param purpose what it was issued for
   * @param subject whom it is about
   * @param expiresAt the first instant at which it no longer verifies (whole seconds)
   */
  public record Verified(String purpose, String subject, Instant expiresAt) {
    public Verified {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /**
   * Decodes unpadded base64url, refusing any text that is not exactly how the bytes encode, so that
   * each token has one written form.
   */
  private static Optional<byte[]> decodeCanonical(String text) {
    try {
      byte[] bytes = DECODER.decode(text);
      return ENCODER.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void requirePurpose(String purpose) {
    if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException(
          "purpose must be 1-64 lower-case letters, digits and hyphens, got '" + purpose + "'");
    }
  }

  private byte[] mac(String purpose, String subject, long expiresAt, String fingerprint) {
    ByteArrayOutputStream input = new ByteArrayOutputStream(128);
    for (String field :
        new String[] {VERSION, purpose, subject, Long.toString(expiresAt), fingerprint}) {
      writeField(input, field);
    }
    return hmac(key, input.toByteArray());
  }

  private static void writeField(ByteArrayOutputStream out, String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      // Every Java platform is required to provide HmacSHA256.
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
