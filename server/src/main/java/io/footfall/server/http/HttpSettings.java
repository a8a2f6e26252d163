package io.footfall.server.http;

import io.footfall.server.settings.Env;
import java.util.Objects;

/**
 * Where the server listens and where people reach it.
 *
 * @param host interface to listen on ({@code FOOTFALL_HOST}); default {@code 0.0.0.0}
 * @param port TCP port ({@code FOOTFALL_PORT}); default 8080; 0 picks a free port
 * @param publicUrl the URL people reach Footfall at, for links in mails ({@code
 *     FOOTFALL_PUBLIC_URL}); default empty, then {@code http://localhost:PORT}
 */
public record HttpSettings(String host, int port, String publicUrl) {
  public static final HttpSettings DEFAULTS = new HttpSettings("0.0.0.0", 8080, "");

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publicUrl, "publicUrl");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("FOOTFALL_PORT must be 0..65535, was " + port);
    }
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
      throw new IllegalArgumentException(
          "FOOTFALL_PUBLIC_URL must be an http(s) URL like https://stats.example.com, was "
              + publicUrl);
    }
  }

  /**
   * @throws IllegalArgumentException naming the variable that does not parse or is out of range
   */
  public static HttpSettings fromEnvironment(Env env) {
    return new HttpSettings(
        env.text("FOOTFALL_HOST", DEFAULTS.host),
        env.integer("FOOTFALL_PORT", DEFAULTS.port),
        env.text("FOOTFALL_PUBLIC_URL", DEFAULTS.publicUrl));
  }

  /** The start of links in mails: the public URL, else {@code http://localhost:PORT}. */
  public String linkBase() {
    return publicUrl.isEmpty() ? "http://localhost:" + port : publicUrl;
  }

  /** Whether people reach Footfall over HTTPS, so cookies may be marked {@code Secure}. */
  public boolean reachedOverHttps() {
    return publicUrl.startsWith("https://");
  }

  public HttpSettings withHost(String value) {
    return new HttpSettings(value, port, publicUrl);
  }

  public HttpSettings withPort(int value) {
    return new HttpSettings(host, value, publicUrl);
  }

  public HttpSettings withPublicUrl(String value) {
    return new HttpSettings(host, port, value);
  }
}
