package io.footfall.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Random secrets (session ids, CSRF tokens, API keys, setup tokens), their storage form and their
 * comparison.
 *
 * <p>Every secret is drawn from {@link SecureRandom} and written in base62 ({@code [0-9A-Za-z]}):
 * URL-safe without escaping, selected whole by a double click, and free of the {@code _} that
 * separates the parts of a {@link PrefixedSecret}. A {@link #token()} carries {@value
 * #TOKEN_LENGTH} characters, about 190 bits.
 *
 * <p>Secrets are stored as {@link #sha256Hex SHA-256} digests, not with a slow password hash: they
 * are random with far more than 128 bits, so no guessing attack benefits from slowness, and a fast
 * digest lets every API request be checked cheaply.
 */
public final class Secrets {

  /** Characters in a {@link #token()}: 32 base62 characters hold log2(62) × 32 ≈ 190 bits. */
  public static final int TOKEN_LENGTH = 32;

  /** Characters in the public part of a {@link PrefixedSecret}. */
  public static final int PREFIX_LENGTH = 8;

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Secrets() {}

  /** A new random token of {@value #TOKEN_LENGTH} base62 characters (≈ 190 bits). */
  public static String token() {
    return base62(TOKEN_LENGTH);
  }

  /**
   * A new secret with a readable, non-secret prefix, e.g. {@code ff_3kTq9ZxA_<32 characters>}. The
   * prefix identifies the key in lists and logs and is the lookup key in storage; only the whole
   * value authenticates.
   *
   * @param scheme what kind of secret it is, 1-8 lower-case letters or digits, e.g. {@code ff}
   * @throws IllegalArgumentException if the scheme is not of that form
   */
  public static PrefixedSecret prefixed(String scheme) {
    return new PrefixedSecret(scheme, base62(PREFIX_LENGTH), base62(TOKEN_LENGTH));
  }

  /**
   * Splits a presented value back into a {@link PrefixedSecret} of the given scheme; empty when it
   * does not have that shape (another scheme, wrong lengths, characters outside base62). A
   * well-shaped result proves nothing yet: compare its {@link PrefixedSecret#hash() hash} with the
   * stored one.
   */
  public static Optional<PrefixedSecret> parsePrefixed(String scheme, String presented) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(presented, "presented");
    String head = scheme + "_";
    int expected = head.length() + PREFIX_LENGTH + 1 + TOKEN_LENGTH;
    if (presented.length() != expected
        || !presented.startsWith(head)
        || presented.charAt(head.length() + PREFIX_LENGTH) != '_') {
      return Optional.empty();
    }
    String prefix = presented.substring(head.length(), head.length() + PREFIX_LENGTH);
    String secret = presented.substring(head.length() + PREFIX_LENGTH + 1);
    if (!isBase62(prefix) || !isBase62(secret)) {
      return Optional.empty();
    }
    return Optional.of(new PrefixedSecret(scheme, prefix, secret));
  }

  /** The SHA-256 digest of the UTF-8 bytes of {@code value}, as 64 lower-case hex characters. */
  public static String sha256Hex(String value) {
    Objects.requireNonNull(value, "value");
    return HEX.formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Compares two strings in time that depends only on the length of {@code expected}, never on
   * where they first differ, so a caller cannot learn a secret character by character from response
   * times.
   */
  public static boolean constantTimeEquals(String expected, String presented) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(presented, "presented");
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  public static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static boolean isBase62(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  private static String base62(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      // nextInt(bound) rejects out-of-range draws, so every character is equally likely.
      chars[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
