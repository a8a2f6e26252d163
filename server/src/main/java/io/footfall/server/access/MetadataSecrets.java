package io.footfall.server.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets the metadata store must keep readable (today: the daily visitor salts) with an
 * application key, so that the metadata alone — a PostgreSQL dump, a copy of its disk, a stolen
 * backup — does not give them away. The application key is derived from the installation key
 * ({@code installation.key}, which never enters the metadata): HMAC-SHA256 of a fixed label.
 *
 * <p>Random key material is sealed with AES key wrap (RFC 3394, {@code AES/KW/NoPadding}): 8 bytes
 * longer than what it wraps, with an integrity check, so a 32-byte salt fits the column it always
 * had. Losing the installation key loses the sealed secrets, as it already loses every pseudonym.
 */
public final class MetadataSecrets {
  private static final String LABEL = "footfall: metadata secrets, v1";
  private static final String WRAP = "AES/KW/NoPadding";

  private final SecretKeySpec key;

  public MetadataSecrets(byte[] installationKey) {
    if (installationKey.length < 16) {
      throw new IllegalArgumentException("the installation key must be at least 16 bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(installationKey, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /**
   * Wraps random key material of a multiple of 8 bytes, at least 16; the result is 8 bytes longer.
   */
  public byte[] wrap(byte[] secret) {
    if (secret.length < 16 || secret.length % 8 != 0) {
      throw new IllegalArgumentException(
          "key wrap takes a multiple of 8 bytes, at least 16, was " + secret.length);
    }
    try {
      Cipher c = Cipher.getInstance(WRAP);
      c.init(Cipher.ENCRYPT_MODE, key);
      return c.doFinal(secret);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(WRAP + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * What {@link #wrap} wrapped.
   *
   * @throws IllegalStateException if it was not wrapped with this installation's key (or was
   *     altered)
   */
  public byte[] unwrap(byte[] wrapped) {
    try {
      Cipher c = Cipher.getInstance(WRAP);
      c.init(Cipher.DECRYPT_MODE, key);
      return c.doFinal(wrapped);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a sealed secret of the metadata does not open with this installation's key"
              + " (installation.key replaced?): "
              + e.getMessage(),
          e);
    }
  }
}
