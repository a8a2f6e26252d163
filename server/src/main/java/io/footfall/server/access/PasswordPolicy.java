package io.footfall.server.access;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a new password must be. Following NIST SP 800-63B, the rules are about length and obvious
 * guesses, not about character classes:
 *
 * <ul>
 *   <li>at least {@value #MIN_CHARACTERS} characters (Unicode code points, after NFKC
 *       normalization) and at most {@value #MAX_BYTES} bytes in UTF-8;
 *   <li>not one character repeated ({@code aaaaaaaaaa}), not a run of consecutive characters
 *       ({@code 0123456789}, {@code abcdefghij}, {@code 9876543210});
 *   <li>not the account's email address, nor the part of it before the {@code @}, and not
 *       containing the whole address;
 *   <li>no control characters (they cannot be typed reliably in a form).
 * </ul>
 *
 * Spaces and any other printable character are allowed, so pass phrases work.
 */
public final class PasswordPolicy {
  /** Fewest characters (code points) in a password. */
  public static final int MIN_CHARACTERS = 10;

  /** Most bytes of a password in UTF-8. */
  public static final int MAX_BYTES = 256;

  private PasswordPolicy() {}

  /**
   * Checks a new password.
   *
   * @param password the password as typed
   * @param email the account's email address, or "" when there is none yet
   * @return empty when the password is acceptable, otherwise one sentence saying what is wrong and
   *     what the limit is, fit to show the person choosing it
   */
  public static Optional<String> check(String password, String email) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(email, "email");
    String normalized = PasswordHasher.normalize(password);
    int bytes = normalized.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return Optional.of(
          "password must be at most " + MAX_BYTES + " bytes in UTF-8, got " + bytes + " bytes");
    }
    int[] codePoints = normalized.codePoints().toArray();
    if (codePoints.length < MIN_CHARACTERS) {
      return Optional.of(
          "password must be at least " + MIN_CHARACTERS + " characters, got " + codePoints.length);
    }
    for (int i = 0; i < codePoints.length; i++) {
      if (Character.isISOControl(codePoints[i])) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "password must not contain control characters, found U+%04X at position %d",
                codePoints[i],
                i + 1));
      }
    }
    if (allSteps(codePoints, 0)) {
      return Optional.of("password must not be one character repeated");
    }
    if (allSteps(codePoints, 1) || allSteps(codePoints, -1)) {
      return Optional.of(
          "password must not be a run of consecutive characters such as 0123456789 or abcdefghij");
    }
    String lowerPassword = normalized.toLowerCase(Locale.ROOT);
    String lowerEmail = email.strip().toLowerCase(Locale.ROOT);
    if (!lowerEmail.isEmpty()) {
      int at = lowerEmail.lastIndexOf('@');
      String localPart = at > 0 ? lowerEmail.substring(0, at) : lowerEmail;
      if (lowerPassword.contains(lowerEmail) || lowerPassword.equals(localPart)) {
        return Optional.of("password must not be or contain the account's email address");
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #check}, but throws.
   *
   * @throws AuthException 400 {@code weak_password} on field {@code password}, with the message of
   *     {@link #check}
   */
  public static void require(String password, String email) {
    Optional<String> problem = check(password, email);
    if (problem.isPresent()) {
      throw AuthException.weakPassword("password", problem.get());
    }
  }

  /** Whether each code point is the previous one plus {@code step}. */
  private static boolean allSteps(int[] codePoints, int step) {
    for (int i = 1; i < codePoints.length; i++) {
      if (codePoints[i] != codePoints[i - 1] + step) {
        return false;
      }
    }
    return true;
  }
}
