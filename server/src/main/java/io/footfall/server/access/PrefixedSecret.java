package io.footfall.server.access;

import java.util.regex.Pattern;

/**
 * A secret with a readable public prefix, written {@code <scheme>_<prefix>_<secret>} (see {@link
 * Secrets#prefixed}). Store {@link #publicPart()} in the clear to find the key and to show it in
 * lists (it is what {@code io.footfall.core.ApiKey#prefix} holds); store {@link #hash()} to check
 * it; show {@link #value()} once, when the key is created.
 *
 * @param scheme 1-8 lower-case letters or digits naming the kind of secret, e.g. {@code ff}
 * @param prefix {@value Secrets#PREFIX_LENGTH} base62 characters, not secret
 * @param secret {@value Secrets#TOKEN_LENGTH} base62 characters
 */
public record PrefixedSecret(String scheme, String prefix, String secret) {
  private static final Pattern SCHEME = Pattern.compile("[a-z0-9]{1,8}");

  public PrefixedSecret {
    if (scheme == null || !SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException(
          "scheme must be 1-8 lower-case letters or digits, got '" + scheme + "'");
    }
    if (prefix == null || prefix.length() != Secrets.PREFIX_LENGTH || !Secrets.isBase62(prefix)) {
      throw new IllegalArgumentException(
          "prefix must be " + Secrets.PREFIX_LENGTH + " base62 characters");
    }
    if (secret == null || secret.length() != Secrets.TOKEN_LENGTH || !Secrets.isBase62(secret)) {
      throw new IllegalArgumentException(
          "secret must be " + Secrets.TOKEN_LENGTH + " base62 characters");
    }
  }

  /** The whole key as the client presents it: {@code scheme_prefix_secret}. */
  public String value() {
    return scheme + "_" + prefix + "_" + secret;
  }

  /** The non-secret start of the key, {@code scheme_prefix}, e.g. {@code ff_3kTq9ZxA}. */
  public String publicPart() {
    return scheme + "_" + prefix;
  }

  /** The storage form: {@link Secrets#sha256Hex} of {@link #value()}. */
  public String hash() {
    return Secrets.sha256Hex(value());
  }

  /** Shows the scheme and prefix only, so that logging a key never leaks it. */
  @Override
  public String toString() {
    return publicPart() + "_…";
  }
}
