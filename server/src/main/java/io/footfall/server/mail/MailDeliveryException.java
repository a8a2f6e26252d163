package io.footfall.server.mail;

import io.footfall.server.access.AuthException;
import java.util.Map;

/**
 * A mail could not be handed to the mail server. Answers 503: the failure is the mail server's or
 * the configuration's, not the request's. A password-reset request should still answer as if the
 * mail went out, so the answer does not tell which emails have accounts; log this instead.
 */
public class MailDeliveryException extends AuthException {
  private static final long serialVersionUID = 1L;

  MailDeliveryException(String message, Throwable cause) {
    super(503, "mail_unavailable", "", message, Map.of(), cause);
  }
}
