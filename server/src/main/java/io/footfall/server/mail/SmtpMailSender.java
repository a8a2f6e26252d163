package io.footfall.server.mail;

import io.footfall.server.access.Secrets;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends mail over SMTP with Jakarta Mail (Eclipse Angus).
 *
 * <p>Every message is MIME, UTF-8 throughout (subject, body and attachment names), and carries
 * {@code From}, {@code To}, {@code Subject}, {@code Date} (from the injected clock) and a {@code
 * Message-ID} in the sender's domain. A mail with attachments is {@code multipart/mixed}: the text
 * first, then each file, base64-encoded so it arrives byte for byte.
 *
 * <p>One connection per mail: Footfall sends a handful of mails an hour, and a fresh connection
 * needs no keep-alive or reconnect logic. Thread-safe.
 */
public final class SmtpMailSender implements MailSender {
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final SmtpSettings settings;
  private final Clock clock;
  private final Session session;
  private final InternetAddress from;
  private final String messageIdDomain;

  /**
   * @throws IllegalArgumentException if {@code settings.from()} is not an address Jakarta Mail
   *     accepts
   */
  public SmtpMailSender(SmtpSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session = Session.getInstance(properties(settings));
    this.from = address(settings.from());
    this.messageIdDomain = settings.from().substring(settings.from().lastIndexOf('@') + 1);
  }

  @Override
  public void send(Mail mail) {
    Objects.requireNonNull(mail, "mail");
    try {
      MimeMessage message = new FootfallMessage(session, messageIdDomain);
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, address(mail.to()));
      message.setSubject(mail.subject(), UTF_8);
      message.setSentDate(Date.from(clock.instant()));
      if (mail.attachments().isEmpty()) {
        message.setText(mail.textBody(), UTF_8);
      } else {
        message.setContent(multipart(mail));
      }
      message.saveChanges();
      if (settings.username().isEmpty()) {
        Transport.send(message);
      } else {
        Transport.send(message, settings.username(), settings.password());
      }
    } catch (MessagingException e) {
      throw new MailDeliveryException(
          "could not send mail via "
              + settings.host()
              + ":"
              + settings.port()
              + " (startTls="
              + settings.startTls()
              + ", timeout="
              + settings.timeout().toMillis()
              + " ms): "
              + e.getMessage(),
          e);
    }
  }

  private static MimeMultipart multipart(Mail mail) throws MessagingException {
    MimeMultipart parts = new MimeMultipart("mixed");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.textBody(), UTF_8);
    parts.addBodyPart(text);
    for (Mail.Attachment attachment : mail.attachments()) {
      MimeBodyPart file = new MimeBodyPart();
      file.setDataHandler(
          new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
      file.setFileName(attachment.fileName());
      file.setDisposition(Part.ATTACHMENT);
      // Base64 keeps every byte: in 7bit or quoted-printable, text/* line ends would become CRLF.
      file.setHeader("Content-Transfer-Encoding", "base64");
      parts.addBodyPart(file);
    }
    return parts;
  }

  private static InternetAddress address(String text) {
    try {
      return new InternetAddress(text, true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException(
          "not a mail address: '" + text + "': " + e.getMessage(), e);
    }
  }

  private static Properties properties(SmtpSettings settings) {
    String timeoutMillis = Long.toString(settings.timeout().toMillis());
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", settings.host());
    p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
    p.setProperty("mail.smtp.from", settings.from());
    p.setProperty("mail.smtp.auth", Boolean.toString(!settings.username().isEmpty()));
    p.setProperty("mail.smtp.connectiontimeout", timeoutMillis);
    p.setProperty("mail.smtp.timeout", timeoutMillis);
    p.setProperty("mail.smtp.writetimeout", timeoutMillis);
    // Required, not merely enabled: a server that does not offer STARTTLS gets nothing in clear.
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    // File names in any script, encoded per RFC 2231.
    p.setProperty("mail.mime.encodefilename", "false");
    p.setProperty("mail.mime.encodeparameters", "true");
    return p;
  }

  /**
   * A message whose Message-ID is random and in the sender's domain, instead of Jakarta Mail's,
   * which embeds the local user and host name.
   */
  private static final class FootfallMessage extends MimeMessage {
    private final String domain;

    FootfallMessage(Session session, String domain) {
      super(session);
      this.domain = domain;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", "<" + Secrets.token() + "@" + domain + ">");
    }
  }
}
