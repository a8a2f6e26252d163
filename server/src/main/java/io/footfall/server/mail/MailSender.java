package io.footfall.server.mail;

/**
 * Sends mail: password resets, invitations, and later reports and alerts. The SMTP implementation
 * is {@link SmtpMailSender}; tests may use any implementation that records what it was given.
 */
public interface MailSender {
  /**
   * Sends one mail and returns once the next hop has accepted it (for SMTP: the server answered the
   * message with 250). No retry happens here; a caller that must not lose a mail retries.
   *
   * @throws MailDeliveryException if the mail could not be handed over
   */
  void send(Mail mail);
}
