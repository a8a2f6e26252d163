package io.footfall.server.mail;

import io.footfall.server.settings.Env;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the SMTP server that sends Footfall's mail.
 *
 * @param host the server's host name or address; required
 * @param port the server's port, 1-65535; usually 587 (submission with STARTTLS) or 25
 * @param username the account to log in with, or "" to send without logging in
 * @param password the account's password; "" when {@code username} is ""
 * @param from the sender address put in {@code From} and in the SMTP envelope, e.g. {@code
 *     footfall@example.org}
 * @param startTls true to require STARTTLS before anything is sent (the server certificate and host
 *     name are checked); false to talk in the clear, which only a server on the same host or a
 *     trusted network should get
 * @param timeout how long connecting, and each read and write, may take; more than zero, at most 5
 *     minutes
 */
public record SmtpSettings(
    String host,
    int port,
    String username,
    String password,
    String from,
    boolean startTls,
    Duration timeout) {

  /** What most submission servers want: port 587, STARTTLS, 30 seconds. */
  public static SmtpSettings submission(
      String host, String username, String password, String from) {
    return new SmtpSettings(host, 587, username, password, from, true, Duration.ofSeconds(30));
  }

  /**
   * The mail server of {@code FOOTFALL_SMTP_HOST}, {@code _PORT} (default 587), {@code _USERNAME},
   * {@code _PASSWORD}, {@code _FROM} and {@code _STARTTLS} (default true); none when no host is
   * set.
   *
   * @throws IllegalArgumentException starting {@code FOOTFALL_SMTP_*} when a value is wrong
   */
  public static Optional<SmtpSettings> fromEnvironment(Env env) {
    String host = env.text("FOOTFALL_SMTP_HOST", "");
    if (host.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new SmtpSettings(
              host,
              env.integer("FOOTFALL_SMTP_PORT", 587),
              env.text("FOOTFALL_SMTP_USERNAME", ""),
              env.text("FOOTFALL_SMTP_PASSWORD", ""),
              env.text("FOOTFALL_SMTP_FROM", ""),
              env.flag("FOOTFALL_SMTP_STARTTLS", true),
              Duration.ofSeconds(30)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("FOOTFALL_SMTP_*: " + e.getMessage(), e);
    }
  }

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(timeout, "timeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("SMTP host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("SMTP port must be 1-65535, got " + port);
    }
    if (username.isEmpty() && !password.isEmpty()) {
      throw new IllegalArgumentException("SMTP password is set but username is empty");
    }
    Mail.requireAddress("SMTP from", from);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "SMTP timeout must be more than 0 and at most 5 minutes, got " + timeout);
    }
  }

  /** Everything but the password, so settings can be logged. */
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", from="
        + from
        + ", startTls="
        + startTls
        + ", timeout="
        + timeout
        + "]";
  }
}
